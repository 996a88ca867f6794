"""JUnit XML, the test-report format CI systems, GitLab and most LMS plug-ins read.

One ``<testsuite>`` per submission, one ``<testcase>`` per check (``classname`` is the function); a failed
check is a ``<failure>`` whose message is its hint. Points go into ``<properties>``.
"""
from xml.etree import ElementTree as ET

from .rows import points


def element(result):
    failures = sum(1 for t in result.tests if t.status == "failed")
    suite = ET.Element("testsuite", name=result.submission, tests=str(len(result.tests)), failures=str(failures),
                       errors="0", skipped="0", time="0")
    properties = ET.SubElement(suite, "properties")
    for name, value in (("score", points(result.score)), ("max_score", points(result.max_score))):
        ET.SubElement(properties, "property", name=name, value=value)
    for note in result.notes:
        ET.SubElement(properties, "property", name="note", value=note)
    ET.SubElement(properties, "property", name="isolation", value=result.isolation_text)
    for test in result.tests:
        case = ET.SubElement(suite, "testcase", classname=f"{result.assignment or 'checks'}.{test.function}", name=test.name,
                             time="0")
        if test.status == "failed":
            message = test.output.splitlines()[0] if test.output else "failed"
            failure = ET.SubElement(case, "failure", message=message,
                                    type=f"{points(test.score)}/{points(test.max_score)} points")
            failure.text = test.output
    return suite


def render(results):
    """A ``<testsuites>`` document for one result or a list of them."""
    results = results if isinstance(results, (list, tuple)) else [results]
    root = ET.Element("testsuites", name="gradient descent checks",
                      tests=str(sum(len(r.tests) for r in results)),
                      failures=str(sum(1 for r in results for t in r.tests if t.status == "failed")))
    root.extend(element(r) for r in results)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
