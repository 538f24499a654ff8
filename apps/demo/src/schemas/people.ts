import { errorResponses } from './error';

/**
 * A person as the API answers it. Serialising through this schema sends exactly these fields,
 * so nothing else a backend attaches to a row ever reaches a client.
 */
export const personJsonSchema = {
  $id: 'Person',
  type: 'object',
  required: ['id', 'firstName', 'lastName', 'version'],
  properties: {
    id: { type: 'string' },
    firstName: { type: 'string' },
    lastName: { type: 'string' },
    version: { type: 'integer' },
  },
} as const;

// The schemas check the shape of a request; the model's parsers, which every route still calls,
// check the content (id characters, name rules) with the messages the model gives everywhere.
const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string' } },
} as const;

const name = { type: 'string' } as const;

/** `GET /people/:id`. */
export const getPersonSchema = {
  params: idParams,
  response: { 200: { $ref: 'Person#' }, ...errorResponses },
} as const;

/** `GET /people?ids=a,b,c` (also as repeated `ids=`). */
export const getPeopleSchema = {
  querystring: {
    type: 'object',
    required: ['ids'],
    properties: {
      ids: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
    },
  },
  response: {
    200: {
      type: 'object',
      required: ['people', 'missing'],
      properties: {
        people: {
          type: 'array',
          items: {
            type: 'object',
            required: ['person', 'source'],
            properties: {
              person: { $ref: 'Person#' },
              source: { type: 'string', enum: ['cache', 'db'] },
            },
          },
        },
        missing: { type: 'array', items: { type: 'string' } },
      },
    },
    ...errorResponses,
  },
} as const;

/** `POST /people`. */
export const createPersonSchema = {
  body: {
    type: 'object',
    required: ['firstName', 'lastName'],
    properties: { id: { type: 'string' }, firstName: name, lastName: name },
    additionalProperties: false,
  },
  response: { 201: { $ref: 'Person#' }, ...errorResponses },
} as const;

/** `PUT /people/:id`. */
export const updatePersonSchema = {
  params: idParams,
  body: {
    type: 'object',
    properties: { firstName: name, lastName: name },
    additionalProperties: false,
  },
  response: { 200: { $ref: 'Person#' }, ...errorResponses },
} as const;

/** `DELETE /people/:id`. */
export const deletePersonSchema = {
  params: idParams,
  response: { 204: { type: 'null' }, ...errorResponses },
} as const;
