/**
 * The server's own doings are recorded as `system`, or `system:<what>` (`system:demo`, `system:cli`):
 * every reader of the log shows them under one name ("Sistem").
 */
export const isSystemActor = (label: string) => label === 'system' || label.startsWith('system:');
