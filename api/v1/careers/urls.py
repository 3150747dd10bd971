from django.urls import path

from api.v1.careers import views

urlpatterns = [
    path("calendar/retirement/", views.RetirementView.as_view(), name="api-retirement"),
    path("careers/raises-due/", views.RaisesDueView.as_view(), name="api-careers-raises"),
    path("careers/retirements/", views.RetirementsView.as_view(), name="api-careers-retirements"),
    path("careers/terms-ending/", views.TermsEndingView.as_view(), name="api-careers-terms"),
    path("careers/people/<int:person_id>/salary/", views.PayView.as_view(), name="api-careers-pay"),
    path("careers/people/<int:person_id>/job-position/", views.JobPositionView.as_view(),
         name="api-careers-job-position"),
    path("careers/early-raises/", views.EarlyRaisesView.as_view(), name="api-careers-early-raises"),
    path("careers/early-raises/proposals/", views.EarlyRaiseProposalsView.as_view(),
         name="api-careers-early-raise-proposals"),
    path("careers/early-raises/<int:proposal_id>/decision/", views.EarlyRaiseDecisionView.as_view(),
         name="api-careers-early-raise-decision"),
    path("careers/barred/", views.BarredView.as_view(), name="api-careers-barred"),
    path("careers/evaluations/", views.EvaluationsView.as_view(), name="api-careers-evaluations"),
    path("careers/evaluations/<int:round_id>/entries/", views.EvaluationEntryView.as_view(),
         name="api-careers-evaluation-entries"),
    path("careers/evaluations/<int:round_id>/confirm/", views.EvaluationConfirmView.as_view(),
         name="api-careers-evaluation-confirm"),
    path("careers/raise-round/", views.RaiseRoundView.as_view(), name="api-careers-raise-round"),
    path("careers/raise-round/proposals/", views.RaiseRoundProposalsView.as_view(),
         name="api-careers-raise-round-proposals"),
    path("careers/raise-round/early/", views.RaiseRoundProposalsView.as_view(early=True),
         name="api-careers-raise-round-early"),
    path("careers/raise-proposals/", views.RaiseProposeView.as_view(), name="api-careers-raise-propose"),
    path("careers/raise-proposals/<int:proposal_id>/decision/", views.RaiseDecisionView.as_view(),
         name="api-careers-raise-decision"),
]
