"""The account activity log. Front door: ``painwise.audit.services`` (``record``, ``Event``)."""
