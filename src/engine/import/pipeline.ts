// STUB — to be implemented: sniff format, read (delimited/xlsx), profile, insert into sql.js.
import type { OpenFileRequest } from '../../shared/api';
import type { ImportProgress, ImportResult } from '../../shared/types';
import type { Database } from '../store/database';

export async function importFile(
  _db: Database, _req: OpenFileRequest, _onProgress?: (p: ImportProgress) => void, _signal?: AbortSignal,
): Promise<ImportResult> {
  throw new Error('importFile: not implemented');
}
