"""Provider credential formats, part one: cloud and developer platforms.

Group 1, when present, is the secret value itself.

Formats follow each vendor's documented token shapes (prefixes, alphabets, lengths). Scores
reflect how unambiguous the shape is: a fixed vendor prefix is near-certain, a bare
40-character string after an `aws_secret` key is likely.
"""

from agentguard.engines._rx import Rule
from agentguard.engines.secret_rules_base import BOUNDARY_END as _E
from agentguard.engines.secret_rules_base import BOUNDARY_START as _B
from agentguard.engines.secret_rules_base import keyed as _keyed
from agentguard.engines.secret_rules_saas import SAAS_RULES

__all__ = ["PROVIDER_RULES"]

PROVIDER_RULES: tuple[Rule, ...] = (
    Rule(
        "AWS_ACCESS_KEY",
        rf"{_B}((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{{16}}){_E}",
        0.95,
        "AWS access key id",
    ),
    _keyed(
        "AWS_SECRET_KEY",
        r"aws.{0,20}(?:secret|sk|private)",
        r"[A-Za-z0-9/+=]{40}",
        0.9,
        "AWS secret access key",
    ),
    Rule("GCP_API_KEY", rf"{_B}(AIza[0-9A-Za-z_-]{{35}}){_E}", 0.95, "Google API key"),
    Rule(
        "GCP_SERVICE_ACCOUNT",
        r"\"type\"\s*:\s*\"service_account\"",
        0.9,
        "GCP service-account JSON",
    ),
    Rule(
        "GCP_OAUTH_SECRET",
        rf"{_B}(GOCSPX-[A-Za-z0-9_-]{{28}}){_E}",
        0.95,
        "Google OAuth client secret",
    ),
    Rule(
        "AZURE_STORAGE_KEY",
        r"(?i)AccountKey=([A-Za-z0-9+/]{86}==)",
        0.95,
        "Azure storage account key",
    ),
    Rule(
        "AZURE_AD_SECRET",
        rf"{_B}([a-zA-Z0-9_~.]{{3}}\dQ~[a-zA-Z0-9_~.-]{{31,34}}){_E}",
        0.9,
        "Azure AD client secret",
    ),
    Rule(
        "AZURE_SAS", r"(?i)[?&]sig=([A-Za-z0-9%+/]{40,}(?:%3D|=){0,2})", 0.7, "Azure SAS signature"
    ),
    Rule("GITHUB_TOKEN", rf"{_B}(gh[pousr]_[A-Za-z0-9]{{36,255}}){_E}", 0.95, "GitHub token"),
    Rule(
        "GITHUB_FINE_GRAINED",
        rf"{_B}(github_pat_[A-Za-z0-9_]{{82}}){_E}",
        0.95,
        "GitHub fine-grained token",
    ),
    Rule(
        "GITLAB_TOKEN",
        rf"{_B}(gl(?:pat|dt|ptt|rt|soat|ft|imt|agent|cbt|oas|ffct|wt)-[A-Za-z0-9_-]{{20,64}}){_E}",
        0.95,
        "GitLab token",
    ),
    Rule(
        "GITLAB_RUNNER",
        rf"{_B}(GR1348941[A-Za-z0-9_-]{{20}}){_E}",
        0.95,
        "GitLab runner registration token",
    ),
    Rule(
        "SLACK_TOKEN",
        rf"{_B}(xox[abeoprs]-(?:\d+-){{1,4}}[A-Za-z0-9-]{{10,}}|xoxe\.xox[bp]-\d-[A-Za-z0-9]{{100,}}){_E}",
        0.95,
        "Slack token",
    ),
    Rule("SLACK_APP_TOKEN", r"(?i)\b(xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+)\b", 0.95, "Slack app token"),
    Rule(
        "SLACK_WEBHOOK",
        r"(hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_-]{20,120})",
        0.9,
        "Slack webhook URL",
    ),
    Rule(
        "STRIPE_KEY",
        rf"{_B}((?:sk|rk)_(?:test|live|prod)_[0-9a-zA-Z]{{10,99}}){_E}",
        0.95,
        "Stripe secret key",
    ),
    Rule(
        "OPENAI_KEY",
        rf"{_B}(sk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{{20,200}}T3BlbkFJ[A-Za-z0-9_-]{{20,200}}){_E}",
        0.98,
        "OpenAI API key",
    ),
    Rule("OPENAI_KEY_LEGACY", rf"{_B}(sk-[A-Za-z0-9]{{48}}){_E}", 0.85, "OpenAI-style secret key"),
    Rule(
        "ANTHROPIC_KEY",
        rf"{_B}(sk-ant-(?:api|admin)\d\d-[A-Za-z0-9_-]{{80,100}}AA){_E}",
        0.98,
        "Anthropic API key",
    ),
    Rule("TWILIO_KEY", rf"{_B}(SK[0-9a-fA-F]{{32}}){_E}", 0.8, "Twilio API key"),
    Rule(
        "SENDGRID_KEY",
        rf"{_B}(SG\.[A-Za-z0-9_-]{{22}}\.[A-Za-z0-9_-]{{43}}){_E}",
        0.98,
        "SendGrid API key",
    ),
    Rule("NPM_TOKEN", rf"{_B}(npm_[A-Za-z0-9]{{36}}){_E}", 0.95, "npm access token"),
    Rule("PYPI_TOKEN", r"(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,})", 0.98, "PyPI upload token"),
    Rule(
        "HUGGINGFACE_TOKEN",
        rf"{_B}((?:hf_|api_org_)[A-Za-z]{{34}}){_E}",
        0.95,
        "Hugging Face token",
    ),
    Rule(
        "JWT",
        rf"{_B}(ey[A-Za-z0-9_-]{{10,}}\.ey[A-Za-z0-9_-]{{10,}}\.[A-Za-z0-9_-]{{10,}}){_E}",
        0.8,
        "JSON Web Token",
    ),
    Rule(
        "PRIVATE_KEY",
        r"-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\s\S]{0,200}?[A-Za-z0-9+/]{40}",
        0.98,
        "PEM private key",
    ),
    Rule(
        "DATABASE_URL",
        r"(?i)\b(?:postgres(?:ql)?|mysql|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|mariadb|jdbc:\w+|s?ftp|ldaps?|smtps?)://[^:@/\s\"']{1,64}:([^@/\s\"']{3,128})@[\w.-]+",
        0.9,
        "connection URL with a password",
    ),
    *SAAS_RULES,
)
