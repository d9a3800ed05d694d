"""Issue an API token for a user and print its key, once."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.services.tokens import issue_token
from documents.services.errors import LifecycleError


class Command(BaseCommand):
    help = "Issue an API token acting as USER. The key is printed once and never stored."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="What will use the token, e.g. 'OA system'.")
        parser.add_argument(
            "--for-decisions", action="store_true",
            help="Let the token take decisions that ask for re-authentication on the pages (approving destruction...).",
        )
        parser.add_argument("--reason", default="Issued on the command line", help="Recorded in the history.")

    def handle(self, *args, username, name, reason, for_decisions=False, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account named {username!r}.")
        try:
            token, key = issue_token(user=user, name=name, by=None, reason=reason, for_decisions=for_decisions)
        except LifecycleError as error:
            raise CommandError(str(error.message)) from error
        self.stderr.write(f"Token {token.pk} “{token.name}” acts as {user.get_username()}. Copy the key now; it is not shown again:")
        self.stdout.write(key)
