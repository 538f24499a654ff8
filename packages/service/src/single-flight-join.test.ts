import { createDeferred } from '@cachetoggle/testing/fakes';
import { describe, expect, it } from 'vitest';
import type { ProtocolHooks } from './protocol-hooks';
import { ada, createFixture, holdFirstAt, READ_PATHS, secondService } from './service-fixture';

describe.each(READ_PATHS)('joining a flight that waits on a lease ($name)', (path) => {
  it("a reader that starts after the flight's last cache answer does not join it", async () => {
    // This process's first reader waits on another process's lease; it is held right after the
    // look that found the other's value (an event-loop stall between answer and return).
    let fixture: ReturnType<typeof createFixture> | undefined;
    const answered = createDeferred();
    const resume = createDeferred();
    let held = false;
    const hooks: ProtocolHooks = {
      onStep(step, id) {
        if (step !== 'lease-polled' || held || fixture?.fakeCache.peek(id).kind !== 'person')
          return;
        held = true;
        answered.resolve();
        return resume.promise;
      },
    };
    fixture = createFixture({ people: [ada], hooks, cacheOptions: path.cacheOptions });
    const fillerHold = holdFirstAt('before-fill');
    const filler = secondService(fixture, { hooks: fillerHold.hooks });
    const filling = filler.service.get('ada');
    await fillerHold.reached;
    const early = fixture.service.get('ada');
    fillerHold.release();
    await filling;
    await answered.promise;

    // Another process writes (acknowledged), and a third takes the next lease.
    const updated = await filler.service.update('ada', { firstName: 'Augusta' });
    const leaseHold = holdFirstAt('before-fill');
    const third = secondService(fixture, { hooks: leaseHold.hooks });
    const thirdReading = third.service.get('ada');
    await leaseHold.reached;

    // A reader of this process that starts now finds a lease, as the held flight did: it must
    // not take the held flight's answer, which is older than the acknowledged write.
    const late = fixture.service.get('ada');
    // The fakes answer within the turn: after it, the late reader has made its join decision.
    await new Promise((resolve) => setImmediate(resolve));
    leaseHold.release();
    resume.resolve();
    expect((await late).person).toEqual(updated);
    expect((await early).person.version).toBe(1);
    expect((await thirdReading).person).toEqual(updated);
  });
});
