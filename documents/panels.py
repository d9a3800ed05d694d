"""Panels other apps add to a document's page, without documents importing them.

An app that depends on documents registers `(template, build)` in its
AppConfig.ready(); `build(user, document)` returns the panel's context, or
None when it has nothing to show this person. The page includes each
template with `panel` set to that context.
"""

DOCUMENT_PANELS = []


def register_document_panel(template, build):
    if (template, build) not in DOCUMENT_PANELS:
        DOCUMENT_PANELS.append((template, build))


def document_panels(user, document):
    shown = []
    for template, build in DOCUMENT_PANELS:
        context = build(user, document)
        if context is not None:
            shown.append({"template": template, "context": context})
    return shown
