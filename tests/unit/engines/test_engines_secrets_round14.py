"""Secrets round 14 (twenty-third session): credentials in network gear, VPN profiles,
console sessions and configs that no credential word keys, and passwords that the word
and name tests took for data."""

import pytest

from agentguard.engines import detect_secrets


def _caught(text: str, value: str) -> bool:
    start = text.index(value)
    end = start + len(value)
    return any(f.start < end and start < f.end for f in detect_secrets(text))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("crypto isakmp key lunaOtter71zamek address 203.0.113.9", "lunaOtter71zamek"),
        (" pre-shared-key local Vx8kQ2mLp9Rt", "Vx8kQ2mLp9Rt"),
        ("<pre-shared-key>LYIqAY1C88ePP8KOe822</pre-shared-key>", "LYIqAY1C88ePP8KOe822"),
        ('vpn.example.org : PSK "Kj7#mQ2pLx9vRt"', "Kj7#mQ2pLx9vRt"),  # DAEMON_PASSWORD's
        (" pre-shared-key address 203.0.113.2 key Vx8kQ2mLp9Rt", "Vx8kQ2mLp9Rt"),
        ("crypto isakmp key Vx8kQ2mLp9Rt hostname vpn.example.com", "Vx8kQ2mLp9Rt"),
        (" ikev1 pre-shared-key Vx8kQ2mLp9Rt", "Vx8kQ2mLp9Rt"),
        (" ikev2 remote-authentication pre-shared-key Vx8kQ2mLp9Rt", "Vx8kQ2mLp9Rt"),
        (" pre-shared-key local Vx8kQ2mLp9Rt ! site A", "Vx8kQ2mLp9Rt"),
        ("keyring k\r\n pre-shared-key local Vx8kQ2mLp9Rt\r\n", "Vx8kQ2mLp9Rt"),
        ("cache:6379> AUTH junipergranit04\r\nOK", "junipergranit04"),
        ("12:00:00.123 CMD: Password1 CobaltSaffron690", "CobaltSaffron690"),
        ("[14:02] Diego: Backlog SSID1 Casa; Password1 CobaltSaffron690", "CobaltSaffron690"),
        ('"password": "xQmRtZabk"', "xQmRtZabk"),  # case flips no word has
        # numbered keys in every keyed layer
        ("password2 = !Monsoon88Tide", "!Monsoon88Tide"),
        ('val password2: String = "Kx8mQ2pLx9vR"', "Kx8mQ2pLx9vR"),
        ('<string name="api_key_2">Kx8mQ2pLx9vRtY7w</string>', "Kx8mQ2pLx9vRtY7w"),
        ('{"name": "password2",\n "value": "Kx8mQ2pLx9vR"}', "Kx8mQ2pLx9vR"),
        ("- name: DB_PASSWORD_2\n  value: Kx8mQ2pLx9vR", "Kx8mQ2pLx9vR"),
        (
            "<auth-user-pass>\nsvc-nas\nzSYc29NBcRWo7eOiqBnF\n</auth-user-pass>",
            "zSYc29NBcRWo7eOiqBnF",
        ),
        ("cache-01:6379> AUTH default junipergranit04\nOK", "junipergranit04"),
        ("redis-cli -h cache -a Qm7vX2kLp9 ping", "Qm7vX2kLp9"),  # CLI_PASSWORD's
        ("Backlog SSID1 Home; Password1 CobaltSaffron690; MqttPassword Tundra292", "Tundra292"),
        ("Backlog SSID1 Home; Password1 CobaltSaffron690", "CobaltSaffron690"),
        # where a password goes, values the word and name tests took for data
        ('{"user": "bi",\n "password": "tigre.pepper.velvet.07"}', "tigre.pepper.velvet.07"),
        ('"game_password": "DCbVHyTyLpId",', "DCbVHyTyLpId"),
        ('{"Name": "passphrase",\n "Value": "sakura_nuage_sakura_18"}', "sakura_nuage_sakura_18"),
        ('char pass[] = "skmttl1nf5556";', "skmttl1nf5556"),
        (
            "password2 = UCU9gvV-6S9X6petDxx4r17XMqcaJ9dqHjRXRd",
            "UCU9gvV-6S9X6petDxx4r17XMqcaJ9dqHjRXRd",
        ),
        (
            '<string name="fb_app_secret" translatable="false">80b6e989adf149a2789b9f1420788f0f'
            "</string>",
            "80b6e989adf149a2789b9f1420788f0f",
        ),
    ],
)
def test_round_14_credentials_are_caught(text: str, value: str) -> None:
    assert _caught(text, value)


@pytest.mark.parametrize(
    "text",
    [
        'password: "db.prod.internal"',  # a host where a password would go
        'apiKey: "fooBarBaz"',
        "crypto isakmp policy 10",
        "Backlog SSID1 Home; Power1 ON",
        'params { password("env.PASS", "credentialsJSON:82f11517-2cec-4f26-81cc-0634e86bb19d") }',
        "clientKey: 'live_3JOH6DBR2OHDIJ403GVAUUVUFHDZ1UHG',  // safe for the browser",
        "client-key: live_WY7Y8XQ2PLMNBVCXZASDFGHJKL12345",
        # the review's false alarms of the first draft
        "Sprint backlog: fix Password2 validation on signup",
        "Backlog item #42: rename Password1 variable in signup form",
        "; WebPassword protects the device web UI",
        "DECLARE user1 VARCHAR2(30); password1 VARCHAR2(64);",
        "redis-cli monitor | tee -a redis.log",
        "redis-cli ping; uname -a; ls -a /var/lib/redis",
        'ssh_pubkey_2 = "AAAAC3NzaC1lZDI1NTE5AAAAIGq3sX"',
        'sitekey2 = "6LdQ8aUpAAAAAJx9yT"',
        "password = new_user_pass_12",
        "password: MYSQL_ROOT_CREDS_20",
        "password: release.candidate.build.1",
        "Password hashing: argon.memory.hard.2 (see RFC 9106)",
        "compass: north.east.south.12",
        "crypto isakmp key 6 FLgBaJHXdYYQHLoaDdWSCfEAgDJ address 10.0.0.1",
        " pre-shared-key local 6 ZDbHBdQcPFDOFXiFNOJdAAB",
        "crypto isakmp key keystring address peer-address",
        " pre-shared-key local key-string",
        '{"name": "password",\n "value": false,\n "enabled": true}',
    ],
)
def test_round_14_look_alikes_stay_quiet(text: str) -> None:
    assert [f for f in detect_secrets(text) if f.score >= 0.5] == []
