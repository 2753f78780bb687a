export { renderBackup, parseBackup, backupParsers, BACKUP_FORMAT, BACKUP_VERSION, type BackupOptions } from "./backup.ts";
