import { preset } from '../../jest.preset.js';
export default { displayName: 'nestjs', ...preset(import.meta.dirname) };
