#!/bin/sh
# Dumps the ResultBridge database (pg_dump custom format, restorable table by table) into
# BACKUP_DIR and deletes dumps older than BACKUP_DAYS days. Run as a role that can read
# every table (the postgres user on the database machine). deploy/README.md, Backups.
set -eu
db="${PGDATABASE:-resultbridge}"
dir="${BACKUP_DIR:-/var/backups/resultbridge}"
days="${BACKUP_DAYS:-14}"
file="$dir/$db-$(date -u +%Y%m%dT%H%M%SZ).dump"
umask 077
mkdir -p "$dir"
# Written under another name first: a dump that failed halfway never looks complete.
pg_dump --format=custom --file="$file.partial" "$db"
mv "$file.partial" "$file"
find "$dir" -name "$db-*.dump" -mtime +"$days" -delete
echo "$file"
