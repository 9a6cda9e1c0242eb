// Copies what tsc does not (SQL migrations, later page templates and static files) from src/ to dist/.
import { cpSync } from 'node:fs';

cpSync('src', 'dist', {
  recursive: true,
  filter: (source) => !source.endsWith('.ts'),
});
