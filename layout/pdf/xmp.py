"""XMP metadata packets for PDF/X-4 (ISO 15930-7:2010 §6.2.3, XMP ISO 16684-1).

PDF/X-4 wants the document metadata in an XMP stream in the catalog, with
``pdfxid:GTS_PDFXVersion`` naming the standard, ``pdf:Trapped`` and the
dates matching the Info dictionary, and ``xmpMM:DocumentID``/``VersionID``
and ``RenditionClass``. The writer and the assembler both build it here,
from values they already hold, so the packet is deterministic.
"""
from __future__ import annotations

import time

from ..records import record

NAMESPACES = (
    ("dc", "http://purl.org/dc/elements/1.1/"),
    ("pdf", "http://ns.adobe.com/pdf/1.3/"),
    ("pdfxid", "http://www.npes.org/pdfx/ns/id/"),
    ("xmp", "http://ns.adobe.com/xap/1.0/"),
    ("xmpMM", "http://ns.adobe.com/xap/1.0/mm/"),
)


@record(frozen=True)
class XmpFields:
    """The values an XMP packet repeats from the Info dictionary, plus a stable document id (hex)."""

    title: str
    author: str = ""
    subject: str = ""
    keywords: str = ""
    creator: str = "baoban"
    producer: str = "baoban"
    date: float = 946684800.0  # seconds since the epoch
    document_id: str = "0" * 32
    trapped: str = "False"


def escape(text: str) -> str:
    """``text`` safe in XML character data (what xml.sax.saxutils.escape does, without importing urllib)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xmp_date(when: float) -> str:
    """An XMP date (ISO 8601, UTC): 2000-01-01T00:00:00Z."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(when))


def _uuid(hex_id: str) -> str:
    h = (hex_id + "0" * 32)[:32]
    return f"uuid:{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def _alt(tag: str, value: str) -> str:
    return f'<{tag}><rdf:Alt><rdf:li xml:lang="x-default">{escape(value)}</rdf:li></rdf:Alt></{tag}>'


def _body(f: XmpFields, gts_version: str) -> list:
    date = xmp_date(f.date)
    parts = [_alt("dc:title", f.title), _alt("dc:description", f.subject) if f.subject else "",
             f"<dc:creator><rdf:Seq><rdf:li>{escape(f.author)}</rdf:li></rdf:Seq></dc:creator>" if f.author else "",
             "<dc:format>application/pdf</dc:format>",
             f"<pdf:Producer>{escape(f.producer)}</pdf:Producer>", f"<pdf:Trapped>{f.trapped}</pdf:Trapped>",
             f"<pdf:Keywords>{escape(f.keywords)}</pdf:Keywords>" if f.keywords else "",
             f"<pdfxid:GTS_PDFXVersion>{escape(gts_version)}</pdfxid:GTS_PDFXVersion>",
             f"<xmp:CreatorTool>{escape(f.creator)}</xmp:CreatorTool>", f"<xmp:CreateDate>{date}</xmp:CreateDate>",
             f"<xmp:ModifyDate>{date}</xmp:ModifyDate>", f"<xmp:MetadataDate>{date}</xmp:MetadataDate>",
             f"<xmpMM:DocumentID>{_uuid(f.document_id)}</xmpMM:DocumentID>",
             "<xmpMM:VersionID>1</xmpMM:VersionID>", "<xmpMM:RenditionClass>default</xmpMM:RenditionClass>"]
    return [p for p in parts if p]


def xmp_packet(fields: XmpFields, profile) -> bytes:
    """The UTF-8 XMP packet for a file written for ``profile`` (an OutputProfile)."""
    ns = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES)
    lines = ['<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
             '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
             '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
             f'<rdf:Description rdf:about="" {ns}>', *_body(fields, profile.gts_version),
             "</rdf:Description>", "</rdf:RDF>", "</x:xmpmeta>", '<?xpacket end="w"?>']
    return "\n".join(lines).encode("utf-8")
