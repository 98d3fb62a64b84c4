// Edits of hosts.yaml that Berth itself commits (cordon, uncordon): the text is changed in place through yaml's
// document model, so people's comments, ordering and formatting survive the round trip.
import { isMap, isSeq, parseDocument, type YAMLMap } from 'yaml';
import { BerthError } from '../errors';

export class InventoryEditError extends BerthError {
  constructor(message: string, data: { file: string; host?: string }) {
    super('InventoryEditError', message, data);
  }
}

export interface InventoryEdit {
  text: string;
  /** False when the inventory already said so: nothing to commit. */
  changed: boolean;
}

/** Sets or clears `unschedulable` of one host; clearing removes the field, since false is the default. */
export function setHostUnschedulable(text: string, file: string, host: string, unschedulable: boolean): InventoryEdit {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    throw new InventoryEditError(`${file}: cannot edit it, it is not valid YAML (${doc.errors[0].message.split('\n')[0]}); fix it first (\`berth validate\`)`, { file });
  }
  const entry = findHost(doc.get('hosts'), file, host);
  const current = entry.get('unschedulable') === true;
  if (current === unschedulable) return { text, changed: false };
  if (unschedulable) entry.set('unschedulable', true);
  else entry.delete('unschedulable');
  return { text: doc.toString(), changed: true };
}

function findHost(hosts: unknown, file: string, host: string): YAMLMap {
  if (!isSeq(hosts)) throw new InventoryEditError(`${file}: has no \`hosts:\` list; add the host there first`, { file, host });
  for (const item of hosts.items) {
    if (isMap(item) && item.get('name') === host) return item;
  }
  const names = hosts.items.filter(isMap).map((h) => String(h.get('name')));
  throw new InventoryEditError(`host ${JSON.stringify(host)} is not in ${file} (hosts: ${names.join(', ') || 'none'})`, { file, host });
}
