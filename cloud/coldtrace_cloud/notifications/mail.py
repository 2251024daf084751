"""E-mail notices over SMTP (RFC 5321), sent from a worker thread so the event loop never blocks."""

import asyncio
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

from coldtrace_cloud.notifications import NotificationError


@dataclass(frozen=True)
class SmtpRelay:
    """Where mail is handed over, and in whose name."""

    host: str
    port: int
    sender: str
    timeout_s: float = 10.0


def message(relay: SmtpRelay, to: str, subject: str, text: str) -> EmailMessage:
    """A plain-text message."""
    mail = EmailMessage()
    mail["From"] = relay.sender
    mail["To"] = to
    mail["Subject"] = subject
    mail.set_content(text)
    return mail


def _send(relay: SmtpRelay, mail: EmailMessage) -> None:
    with smtplib.SMTP(relay.host, relay.port, timeout=relay.timeout_s) as smtp:
        smtp.send_message(mail)


async def send_mail(relay: SmtpRelay, to: str, subject: str, text: str) -> None:
    """Hand one message to the relay; a refusal or a dead relay is a ``NotificationError``."""
    try:
        await asyncio.to_thread(_send, relay, message(relay, to, subject, text))
    except (OSError, smtplib.SMTPException) as exc:
        raise NotificationError(f"mail not accepted: {exc}", target=to) from exc
