"""住户编辑: the household editor, rendered from the questionnaire (DESIGN.md §6).

`HouseholdEditor(store, runner, account, parent)` is the page; the main window calls ``open(household_id)`` or
``new_household(site_id)`` and listens to its signals (see the class). The modules, one idea each:

- `widgets`: one input per field type; `form_view`: one form as sections, Tab/Enter order, relevance;
- `records_panel` with `roster`, `spells`, `visits`, `measures`: lists of child records beside their forms;
- `findings_panel`: the live findings; `dialogs`: reasons for accepting and voiding;
- `split`: 分户, members registered as a household of their own (`forms.splitting` does it);
- `draft`: the household in memory (no Qt); `storage`: reading and writing it on the worker thread;
- `session`: the draft, its saves through the TaskRunner, its findings and status; `household_editor`: the page,
  with its parts: `record_forms` (each record's form, bound to the session), `heading` (title, status, what a
  read-only household turns off), `saving` (the save state and the questions before leaving unsaved changes),
  `removals` (删除, 减员, 恢复, 撤销删除), `status_actions` (已完成, 作废, 接受).
"""

from .household_editor import HouseholdEditor

__all__ = ["HouseholdEditor"]
