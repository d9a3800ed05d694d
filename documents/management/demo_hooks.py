"""Demo data other apps add after the registry's own (load_demo), without documents importing them.

An app registers a loader in its AppConfig.ready(); load_demo runs each
once the units, people, documents and procedures are there. A loader is
safe to run twice, like load_demo.
"""

DEMO_LOADERS = []


def register_demo_loader(loader):
    if loader not in DEMO_LOADERS:
        DEMO_LOADERS.append(loader)
