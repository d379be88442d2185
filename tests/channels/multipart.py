"""Parse a multipart/form-data body the way a server would, for asserting on what was sent."""

from __future__ import annotations

from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP


@dataclass(frozen=True)
class Part:
    value: bytes
    filename: str | None
    content_type: str

    @property
    def text(self) -> str:
        return self.value.decode()


def parse_form(content_type: str | bytes, body: bytes) -> dict[str, Part]:
    content_type = content_type.decode() if isinstance(content_type, bytes) else content_type
    assert content_type.startswith("multipart/form-data"), content_type
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    parts: dict[str, Part] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        parts[name] = Part(
            part.get_payload(decode=True) or b"",
            part.get_param("filename", header="content-disposition"),
            part.get_content_type() if part.get("content-type") else "",
        )
    return parts
