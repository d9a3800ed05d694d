"""The registry's REST API, /api/v1/ (Django REST framework; schema by drf-spectacular).

The API is a second door to the same rooms: every read starts from
documents.selectors, every change calls the service the pages call, and a
refusal is the service's own LifecycleError, answered as
`{"code": ..., "message": ..., "errors": {...}}` with its status (errors.py).
Anything outside the caller's knowledge scope is 404; when the object exists,
ScopedView.get_object also writes the denial into the access log.
One module per procedure (circulation.py, borrowing.py, copying.py, ...).

How to add an endpoint for a new lifecycle step (say `hand_out`)
-----------------------------------------------------------------
1. In serializers.py, an input serializer with the step's fields and `reason`
   (names as the service's keyword arguments; people by `username`, units by
   `code`, choices from the model), e.g.::

       class HandOutInput(serializers.Serializer):
           to = UserField()
           reason = ReasonField()

2. In views.py (or a views module of your own in this package), one StepView::

       class HandOut(StepView):
           \"\"\"Hand a copy in the registry to a reader.\"\"\"
           selector = staticmethod(visible_copies)     # 404 outside scope
           input_serializer = HandOutInput
           output_serializer = CopyOut

           def perform(self, copy, data):
               return hand_out(copy=copy, by=self.request.user, **data)

   StepView finds the object through the selector first (so an out-of-scope
   id is 404 whatever the body says), validates the input (400), calls
   `perform` and answers with the output serializer. The service's errors
   become 400/403/409 by themselves, and the schema documents all of it.
3. In urls.py: `path("copies/<int:pk>/hand-out/", views.HandOut.as_view(), name="copy-hand-out")`.
4. A test in tests/api/: the step with a token, and its refusal's `code`.
   tests/security/test_idor.py walks every route with an integer id: name the
   model of a new kind of id there (KWARG_MODELS or PATH_MODELS) if the route
   is not `documents/<int:pk>/...` or `copies/<int:pk>/...`.

A step that creates something without an existing object (like registration)
sets `creates = True`; its `perform(self, obj, data)` receives `obj=None`.
Input field names are the service's keyword arguments, so a refusal's
`errors` (InvalidInput) land on the field the caller sent.
"""
