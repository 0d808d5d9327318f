"""The tasks, as plug-ins: one package per task, each declaring its record, rules, counting, metrics and rows.

``registered()`` lists them (boilerplate, entities, duplicates, then any you
``register``); ``get(name)`` finds one. See ``tasks.base`` for what a task
declares, and CONTRIBUTING.md for adding one.

>>> from newsprep.eval import tasks
>>> tasks.names()
('boilerplate', 'entities', 'duplicates')
"""
from newsprep.eval.tasks.base import Counter, Found, Headline, Task, get, names, register, registered, unregister
from newsprep.eval.tasks.boilerplate import Boilerplate
from newsprep.eval.tasks.duplicates import Duplicates
from newsprep.eval.tasks.entities import Entities

for _task in (Boilerplate(), Entities(), Duplicates()):  # the built-in tasks, in the order reports list them
    register(_task)

__all__ = ["Counter", "Found", "Headline", "Task", "get", "names", "register", "registered", "unregister"]
