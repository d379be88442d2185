"""X (Twitter): photos through the v2 media endpoints, the post through tweepy, all OAuth 1.0a user context.

tweepy 4.17 has no v2 media upload, so photos go to `POST /2/media/upload` (multipart: `media`,
`media_category=tweet_image`) and alt text to `POST /2/media/metadata`, signed with the same credentials.
tweepy's own requests (create, users/me, users/{id}/tweets) are sent through a session that rewrites its
fixed host to `x_api_base` and adds timeouts, so every call honours the configured base URL.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import requests
import tweepy
from pydantic import SecretStr
from requests_oauthlib import OAuth1

from app.channels.base import (
    Channel,
    ConnectionCheck,
    Failed,
    Outcome,
    OutcomeKind,
    OutgoingPhoto,
    OutgoingPost,
    same_text,
)
from app.channels.x_errors import (
    RECONNECT_X,
    UNEXPECTED,
    classify_x_network_error,
    classify_x_response,
)
from app.channels.x_moderation import XModeration

log = logging.getLogger("tripcast.channels.x")

# requests-oauthlib and oauthlib log the signed headers (consumer key, access token) at DEBUG: keep them
# at INFO or above so turning on debug logging never writes credentials.
for _name in ("requests_oauthlib", "oauthlib"):
    _logger = logging.getLogger(_name)
    if _logger.level < logging.INFO:
        _logger.setLevel(logging.INFO)

TWEEPY_HOST = "https://api.twitter.com"
DEFAULT_TIMEOUT = (5.0, 30.0)  # (connect, read) seconds
UPLOAD_TIMEOUT = (5.0, 60.0)
MAX_RECONCILE_PAGES = 3


class _RebasedSession(requests.Session):
    """A requests session that sends tweepy's fixed host to our base URL and never waits forever."""

    def __init__(self, base: str, timeout: tuple[float, float]) -> None:
        super().__init__()
        self.base = base.rstrip("/")
        self.default_timeout = timeout

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        if url.startswith(TWEEPY_HOST):
            url = self.base + url[len(TWEEPY_HOST) :]
        kwargs.setdefault("timeout", self.default_timeout)
        return super().request(method, url, *args, **kwargs)



class XChannel(XModeration, Channel):
    name = "x"
    label = "X"

    def __init__(
        self,
        api_key: SecretStr,
        api_secret: SecretStr,
        access_token: SecretStr,
        access_token_secret: SecretStr,
        api_base: str = "https://api.x.com",
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        restrict_replies: bool = True,
        read_replies: bool = False,
    ) -> None:
        self.api_base = api_base.rstrip("/")
        self.restrict_replies = restrict_replies  # new posts: only mentioned users (none) may reply
        self.read_replies = read_replies  # reading replies needs recent search: a paid X API tier
        self._session = _RebasedSession(self.api_base, timeout)
        self._oauth = OAuth1(
            api_key.get_secret_value(), api_secret.get_secret_value(), access_token.get_secret_value(),
            access_token_secret.get_secret_value(),
        )
        self._client = tweepy.Client(
            consumer_key=api_key.get_secret_value(),
            consumer_secret=api_secret.get_secret_value(),
            access_token=access_token.get_secret_value(),
            access_token_secret=access_token_secret.get_secret_value(),
            return_type=dict,
        )
        self._client.session = self._session
        self._me: tuple[str, str] | None = None  # (user id, username)

    @classmethod
    def from_settings(cls, settings: Any) -> XChannel:
        return cls(
            settings.x_api_key,
            settings.x_api_secret,
            settings.x_access_token,
            settings.x_access_token_secret,
            api_base=settings.x_api_base,
            restrict_replies=getattr(settings, "x_restrict_replies", True),
            read_replies=getattr(settings, "x_read_replies", False),
        )

    # Publishing -------------------------------------------------------------------------

    def publish(self, post: OutgoingPost, before_create: Callable[[], None] = lambda: None) -> Outcome:
        try:
            media_ids = [self._upload(photo) for photo in post.photos]
        except Failed as failed:
            return failed.outcome
        before_create()
        try:
            answer = self._client.create_tweet(
                text=post.text, media_ids=media_ids or None, user_auth=True,
                reply_settings="mentionedUsers" if self.restrict_replies else None,
            )
        except tweepy.errors.HTTPException as exc:
            return _from_tweepy_error(exc, on_create=True)
        except requests.exceptions.ConnectTimeout:
            return classify_x_network_error(connected=False, on_create=True)
        except (requests.exceptions.RequestException, ValueError):
            return classify_x_network_error(connected=True, on_create=True)
        tweet_id = str(((answer or {}).get("data") or {}).get("id") or "")
        if not tweet_id:
            return Outcome(OutcomeKind.UNKNOWN, "X did not say whether the post went out. Check X and retry.")
        return Outcome(
            OutcomeKind.PUBLISHED, "Posted to X.", url=self._tweet_url(tweet_id), remote_id=tweet_id
        )

    def _upload(self, photo: OutgoingPhoto) -> str:
        """Upload one photo (and its alt text); safe to repeat. Raises Failed."""
        body = self._call(
            "POST",
            "/2/media/upload",
            files={"media": ("photo", photo.data, photo.content_type)},
            data={"media_category": "tweet_image"},
            timeout=UPLOAD_TIMEOUT,
        )
        media_id = str(((body or {}).get("data") or {}).get("id") or "")
        if not media_id:
            raise Failed(Outcome(OutcomeKind.RETRY_LATER, UNEXPECTED))
        if photo.alt_text:
            self._call(
                "POST",
                "/2/media/metadata",
                json={"id": media_id, "metadata": {"alt_text": {"text": photo.alt_text[:1000]}}},
            )
        return media_id

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        """One signed request made before the create call; any failure is safe and raises Failed."""
        try:
            response = self._session.request(method, self.api_base + path, auth=self._oauth, **kwargs)
        except requests.exceptions.RequestException:
            raise Failed(classify_x_network_error(connected=False, on_create=False)) from None
        if not 200 <= response.status_code < 300:
            log.info("X %s %s answered %s", method, path, response.status_code)
            raise Failed(
                classify_x_response(response.status_code, _json(response), response.headers, on_create=False)
            )
        try:
            return response.json()
        except ValueError:
            raise Failed(Outcome(OutcomeKind.RETRY_LATER, UNEXPECTED)) from None

    # Reconciliation and checks ----------------------------------------------------------

    def find_published(self, post: OutgoingPost) -> Outcome | None:
        try:
            user_id, _ = self._whoami()
            token = None
            for _ in range(MAX_RECONCILE_PAGES):
                page = self._client.get_users_tweets(
                    user_id,
                    start_time=post.search_since,
                    max_results=100,
                    tweet_fields=["created_at"],
                    exclude=["retweets", "replies"],
                    pagination_token=token,
                    user_auth=True,
                )
                for tweet in page.get("data") or []:
                    if same_text(post.text, tweet.get("text", "")):
                        tweet_id = str(tweet["id"])
                        return Outcome(
                            OutcomeKind.PUBLISHED,
                            "Posted to X.",
                            url=self._tweet_url(tweet_id),
                            remote_id=tweet_id,
                        )
                token = (page.get("meta") or {}).get("next_token")
                if not token:
                    return None
        except (tweepy.errors.TweepyException, requests.exceptions.RequestException, ValueError, KeyError):
            pass
        return Outcome(
            OutcomeKind.UNKNOWN,
            "Tripcast could not check X for this post. Look at the X account, then retry if it is missing.",
        )

    def check_connection(self) -> ConnectionCheck:
        self._me = None
        try:
            _, username = self._whoami()
        except tweepy.errors.Unauthorized:
            return ConnectionCheck(False, RECONNECT_X, needs_reconnect=True)
        except tweepy.errors.HTTPException as exc:
            outcome = _from_tweepy_error(exc, on_create=False)
            return ConnectionCheck(
                False, outcome.message, needs_reconnect=outcome.kind is OutcomeKind.RECONNECT
            )
        except (requests.exceptions.RequestException, tweepy.errors.TweepyException, ValueError, KeyError):
            return ConnectionCheck(False, "Could not reach X just now. Try again in a minute.")
        return ConnectionCheck(True, f"Connected to X as @{username}.", account=f"@{username}")

    def _whoami(self) -> tuple[str, str]:
        if self._me is None:
            data = self._client.get_me(user_auth=True)["data"]
            self._me = (str(data["id"]), str(data["username"]))
        return self._me

    def _tweet_url(self, tweet_id: str) -> str:
        try:
            _, username = self._whoami()
        except (
            tweepy.errors.TweepyException,
            requests.exceptions.RequestException,
            ValueError,
            KeyError,
            TypeError,
        ):
            return f"https://x.com/i/web/status/{tweet_id}"
        return f"https://x.com/{username}/status/{tweet_id}"


def _from_tweepy_error(exc: tweepy.errors.HTTPException, *, on_create: bool) -> Outcome:
    response = exc.response
    return classify_x_response(response.status_code, _json(response), response.headers, on_create=on_create)


def _json(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None
