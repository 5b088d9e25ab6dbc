"""The setup wizard's logic, without Qt: the order of its views and when the user may go on
(``flow``), and the tasks its pages run off the GUI thread (``tasks``).

``app/ui/wizard.py`` and ``app/ui/pages`` only attach widgets and the task runner to these.
"""
