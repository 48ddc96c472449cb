"""Every sentence the bot says, as English msgids for the gettext catalogs.

Kept in one module so `pybabel extract` and the catalog-completeness test see
them all; the conversation refers to them by these constant names.
"""

from __future__ import annotations


def N_(message: str) -> str:  # the gettext convention for "mark, don't translate"
    return message


GREETING = N_(
    "Hello! I'm the fair's travel assistant. Ask me anything about travelling in Japan: "
    "transport, food, sights, seasons, visas, shopping and more."
)
GREETING_BOOTH = N_(
    "Welcome to the {booth} booth ({prefecture})! Ask me anything about travelling there: "
    "transport, food, sights, seasons, visas, shopping and more."
)
HELP = N_(
    "Type your question in your own words, in any language. I answer from the booth's "
    "travel information and can pass your question to the booth staff.\n"
    "/lang: change language · /human: talk to staff · /forget: delete your data"
)
DID_YOU_MEAN = N_("I'm not completely sure. Did you mean one of these?")
HANDOVER = N_(
    "I'm not sure about that one, so I've passed your question to the booth staff. "
    "They will reply here soon."
)
OUT_OF_SCOPE = N_(
    "Sorry, I can only help with travel in Japan. Try asking about transport, food, "
    "sights, seasons or visas."
)
EMPTY = N_("Please type your question.")
TOO_LONG = N_("That message is too long (over {limit} characters). Please ask a shorter question.")
NON_TEXT = N_("Thank you! I can only read text messages. Please type your question.")
ENGLISH_ONLY = N_("(This answer is only available in English.)")
CHOOSE_LANGUAGE = N_("Please choose your language.")
LANGUAGE_SET = N_("OK, I will reply in English.")
HUMAN_REQUESTED = N_("I've asked the booth staff to join. They will reply here soon.")
FORGOTTEN = N_("Done: your data has been deleted. Send a message any time to start again.")
PRIVACY_NOTICE = N_(
    "Privacy: your questions are logged without your name to improve travel information "
    "for visitors. Details: {url} · Send /forget to delete your data."
)
FEEDBACK_THANKS = N_("Thank you for your feedback!")
CHOOSE_BOOTH = N_("Which booth are you visiting? Choose one, or just ask your question.")
UNKNOWN_BOOTH = N_(
    "That booth link is not valid any more, but you can still ask your question here."
)
SLOW_DOWN = N_("You are sending messages very quickly. Please wait a moment.")
ERROR = N_("Sorry, something went wrong. Please try again.")
HELPFUL = N_("👍 Helpful")
NOT_HELPFUL = N_("👎 Not helpful")
TALK_TO_STAFF = N_("Talk to staff")
STAFF_PREFIX = N_("Booth staff: {text}")
STAFF_JOINED = N_("A member of the booth staff has joined the chat.")
OFFLINE_KEPT = N_("Offline: your message is kept and will be sent when the connection is back.")
RECEIVED = N_(
    "Thank you, your question has been received. The answer will appear here in a moment."
)
SMALL_TALK_HELLO = N_("Hello! What would you like to know about travelling in Japan?")
SMALL_TALK_THANKS = N_("You're welcome! Ask me anything else about your trip.")
SMALL_TALK_BYE = N_("Goodbye, and have a wonderful trip to Japan!")
SMALL_TALK_OK = N_("Great! Ask me anything else any time.")
SMALL_TALK_EMOJI = N_("😊 Ask me anything about travelling in Japan.")

ALL = [
    value for name, value in dict(globals()).items() if name.isupper() and isinstance(value, str)
]
