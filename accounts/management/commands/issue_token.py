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
        parser.add_argument("--reason", default="Issued on the command line", help="Recorded in the history.")

    def handle(self, *args, username, name, reason, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account named {username!r}.")
        try:
            token, key = issue_token(user=user, name=name, by=None, reason=reason)
        except LifecycleError as error:
            raise CommandError(str(error.message)) from error
        self.stderr.write(f"Token {token.pk} “{token.name}” acts as {user.get_username()}. Copy the key now; it is not shown again:")
        self.stdout.write(key)
