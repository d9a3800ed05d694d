"""Sign-in lockout (django-axes)."""

from axes.backends import AxesStandaloneBackend


class SignInLockout(AxesStandaloneBackend):
    """django-axes' check, for sign-ins that come from a client.

    Sign-in pages and the admin always pass the request. `authenticate()`
    without one comes from code on the server (the test client's login, a
    shell), where there is no client address to lock out; stock axes refuses
    those with an error, which would make every such caller handle axes.
    """

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
