// Hameau's collaboration server with the update check of before issue 17: an update must decode,
// with no bound on how deep its values nest or how many it holds. The fan-out rounds run it beside
// the shipped server, so the cost of the bounds is measured in the same run (see hameau-server.ts).
import { runHameau } from './hameau-server';

await runHameau({ maxUpdateDepth: Infinity, maxUpdateValues: Infinity });
