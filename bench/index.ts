// `npm run bench`: prints figures, asserts nothing.
import { benchPages } from './pages';
import { benchSessionValidation } from './session-validation';

await benchSessionValidation();
await benchPages();
