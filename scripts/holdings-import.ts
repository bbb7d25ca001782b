// `npm run holdings:import -- FILE [--dry-run] [--encoding GBK] [--url URL --openid ADMIN]`
import { cli } from './import/cli';

cli('holdings', process.argv.slice(2)).then((code) => process.exit(code));
