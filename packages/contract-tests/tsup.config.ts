import { defineConfig } from 'tsup';
import { publishedPackageBuild } from '../../tsup.shared.ts';

export default defineConfig(publishedPackageBuild);
