"""Python's own mail clients, driven by PythonClientsThroughPosternTest.

    python3 mail_clients.py imap|pop3|smtp HOST PORT USER PASSWORD [RECIPIENT]

Each command runs one session against HOST:PORT (Postern), prints what the Java test
asserts as "KEY value" lines, and exits non-zero with a traceback on any error (imaplib,
poplib and smtplib raise on every negative answer).
"""
import email
import imaplib
import poplib
import smtplib
import sys
from email.message import EmailMessage

TIMEOUT = 20


def message(frm, to, subject, body):
    msg = EmailMessage()
    msg["From"] = frm
    msg["To"] = to
    msg["Subject"] = subject
    msg.set_content(body)
    return msg


def imap(host, port, user, password):
    m = imaplib.IMAP4(host, port, timeout=TIMEOUT)
    m.login(user, password)
    typ, folders = m.list()
    print("LIST", " ".join(f.decode().rsplit(" ", 1)[-1].strip('"') for f in folders))
    m.create("Python")
    typ, data = m.select("INBOX")
    print("SELECT", data[0].decode())
    msg = message("alice@example.com", user + "@localhost", "from imaplib", "appended by imaplib\n.dot line\n")
    m.append("INBOX", None, None, msg.as_bytes())
    typ, data = m.search(None, "SUBJECT", '"from imaplib"')
    found = data[0].split()
    print("SEARCH", len(found))
    typ, data = m.fetch(found[0], "(BODY.PEEK[])")
    fetched = email.message_from_bytes(data[0][1])
    print("SUBJECT", fetched["Subject"])
    print("BODY", "|".join(fetched.get_payload().strip().splitlines()))
    m.copy(found[0], "Python")
    m.store(found[0], "+FLAGS", "\\Deleted")
    m.expunge()
    typ, data = m.status("Python", "(MESSAGES)")
    print("STATUS", data[0].decode())
    m.close()
    m.logout()


def pop3(host, port, user, password):
    p = poplib.POP3(host, port, timeout=TIMEOUT)
    p.user(user)
    p.pass_(password)
    count, size = p.stat()
    print("STAT", count)
    resp, lines, octets = p.retr(1)
    retrieved = email.message_from_bytes(b"\r\n".join(lines))
    print("SUBJECT", retrieved["Subject"])
    p.dele(1)
    p.quit()


def smtp(host, port, user, password, recipient):
    s = smtplib.SMTP(host, port, local_hostname="python.example", timeout=TIMEOUT)
    s.ehlo()
    s.login(user, password)
    refused = s.send_message(message(user + "@localhost", recipient, "from smtplib", "sent by smtplib\n"))
    print("REFUSED", len(refused))
    s.quit()


if __name__ == "__main__":
    command, host, port, user, password = sys.argv[1:6]
    if command == "smtp":
        smtp(host, int(port), user, password, sys.argv[6])
    else:
        {"imap": imap, "pop3": pop3}[command](host, int(port), user, password)
