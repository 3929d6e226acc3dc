from __future__ import annotations

from django.urls import path

from painwise.plan import views

app_name = "plan"
urlpatterns = [
    path("plan/", views.index, name="index"),
    path("plan/goals/", views.goal_add, name="goal_add"),
    path("plan/goals/<int:goal_id>/delete/", views.goal_delete, name="goal_delete"),
    path("plan/parts/new/<slug:kind>/", views.part_new, name="part_new"),
    path("plan/parts/<int:part_id>/", views.part_edit, name="part_edit"),
    path("plan/parts/<int:part_id>/delete/", views.part_delete, name="part_delete"),
    path("plan/parts/<int:part_id>/tick/", views.tick, name="tick"),
    path("plan/print/", views.print_view, name="print"),
    path("plan/plan.pdf", views.pdf, name="pdf"),
    path("plan/reminders/", views.reminders, name="reminders"),
    path("plan/calendar/", views.calendar, name="calendar"),
    path("plan/calendar/new/", views.calendar_new, name="calendar_new"),
    path("plan/calendar/revoke/", views.calendar_revoke, name="calendar_revoke"),
    path("plan/calendar/plan.ics", views.calendar_download, name="calendar_download"),
    path("plan/feed/<str:feed_token>.ics", views.feed, name="feed"),
]
