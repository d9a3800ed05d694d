"""Revoke an API token by its number (shown in Administration › API tokens and by issue_token)."""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import ApiToken
from accounts.services.tokens import revoke_token
from documents.services.errors import LifecycleError


class Command(BaseCommand):
    help = "Revoke API token ID. Requests with it are refused (401) from now on."

    def add_arguments(self, parser):
        parser.add_argument("token_id", type=int)
        parser.add_argument("--reason", required=True, help="Recorded in the history.")

    def handle(self, *args, token_id, reason, **options):
        token = ApiToken.objects.filter(pk=token_id).first()
        if token is None:
            raise CommandError(f"No API token {token_id}.")
        try:
            revoke_token(token=token, by=None, reason=reason)
        except LifecycleError as error:
            raise CommandError(str(error.message)) from error
        self.stdout.write(f"Token {token_id} revoked.")
