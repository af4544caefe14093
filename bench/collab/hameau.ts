// Hameau's collaboration server as shipped (see hameau-server.ts).
import { runHameau } from './hameau-server';

await runHameau({});
