#!/usr/bin/env python3
"""Writes the send-task files of bench/task-heap.sh: N recipients as CSV (UTF-8, semicolons) and as XLSX.

The XLSX is written by hand (zip + SpreadsheetML with inline strings), so the benchmark needs nothing but
Python's standard library. Usage: task_files.py ROWS OUT_DIR
"""
import os
import sys
import zipfile

rows, out = int(sys.argv[1]), sys.argv[2]
os.makedirs(out, exist_ok=True)


def phone(i):
    return "7904%07d" % i


with open(os.path.join(out, "tasks.csv"), "w", encoding="utf-8", newline="") as f:
    f.write("\ufeffphone;externalCustomerId\r\n")
    for i in range(rows):
        f.write("%s;клиент-%d\r\n" % (phone(i), i))

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Recipients" sheetId="1" r:id="rId1"/></sheets>
</workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
</Relationships>"""


def cell(ref, text):
    return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, text)


with zipfile.ZipFile(os.path.join(out, "tasks.xlsx"), "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", CONTENT_TYPES)
    z.writestr("_rels/.rels", RELS)
    z.writestr("xl/workbook.xml", WORKBOOK)
    z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
    with z.open("xl/worksheets/sheet1.xml", "w") as sheet:
        sheet.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
        sheet.write(('<row r="1">%s%s</row>' % (cell("A1", "phone"), cell("B1", "externalCustomerId"))).encode())
        for i in range(rows):
            r = i + 2
            sheet.write(('<row r="%d">%s%s</row>' % (r, cell("A%d" % r, phone(i)),
                                                      cell("B%d" % r, "клиент-%d" % i))).encode("utf-8"))
        sheet.write(b"</sheetData></worksheet>")
