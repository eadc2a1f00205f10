// An error the engine words as a message of the resource files (key + values), so hosts show it in
// the reader's language; `message` is its English. Import, workspace and parameter refusals have
// their own classes (ImportError, WorkspaceFormatError, ParamError) with the same `text`.
import type { TextMessage } from '../shared/types';
import { messageText } from '../shared/i18n/messages';

export class MessageError extends Error {
  readonly text: TextMessage;
  constructor(key: string, values: TextMessage['values'] = {}, readonly code = 'engine_error') {
    const text = { key, values };
    super(messageText(text, 'en'));
    this.name = 'MessageError';
    this.text = text;
  }
}
