#!/bin/sh
# Starts the Dovecot and Postfix whose files ContainerMailServers copied to /srv/dovecot and
# /srv/postfix, then follows their logs, so that they are the container's output.
set -e
chmod 755 /srv /srv/dovecot /srv/postfix
mkdir -p /srv/dovecot/mail /srv/dovecot/run /srv/dovecot/state /srv/dovecot/log \
         /srv/postfix/spool /srv/postfix/data /srv/postfix/log
# Dovecot refuses to run mail processes as root; Postfix wants its data directory.
chown nobody:nogroup /srv/dovecot/mail
chown postfix /srv/postfix/data
touch /srv/dovecot/log/dovecot.log /srv/postfix/log/postfix.log
dovecot -c /srv/dovecot/etc/dovecot.conf
postfix -c /srv/postfix/etc check
postfix -c /srv/postfix/etc start
echo "postern mail servers started"
exec tail -F /srv/dovecot/log/dovecot.log /srv/postfix/log/postfix.log
