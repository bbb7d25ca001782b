// `npm run readers:import -- FILE [--dry-run] [--encoding GBK] [--url URL --openid ADMIN | --env ENV_ID]`
import { cli } from './import/cli';

cli('readers', process.argv.slice(2)).then((code) => process.exit(code));
