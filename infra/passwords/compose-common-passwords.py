#!/usr/bin/env python3
"""Composes src/RlmsRegistry.Infrastructure/Identity/Resources/common-passwords.txt: 10,000 predictable passwords.

Not a breach corpus (none can be downloaded here): the shapes that top every published list of leaked passwords,
written out. Common roots (password, welcome, qwerty, football, months, seasons, the registry's own words, ...) in
lower case and capitalised, with the usual decorations (digits, years, '!'), plus keyboard walks, digit runs and
repeated characters. Deterministic: the same script always writes the same file. Run: python3 infra/passwords/compose-common-passwords.py
"""
import itertools, pathlib

roots = """password passw0rd p@ssword p@ssw0rd welcome welcome1 letmein admin administrator iloveyou sunshine princess
football baseball basketball soccer hockey dragon monkey master shadow qwerty trustno1 superman batman spiderman starwars
pokemon hello hello123 charlie michael jennifer jessica michelle daniel thomas robert william matthew andrew joshua
ashley amanda nicole hunter ranger buster tigger jordan harley maggie ginger pepper cookie summer winter spring autumn
january february march april may june july august september october november december monday tuesday wednesday
thursday friday saturday sunday changeme secret freedom whatever computer internet hospital doctor nurse patient
registry sarcoma leiomyosarcoma surgery research clinic medical health london paris berlin madrid rome amsterdam
liverpool chelsea arsenal barcelona madonna mustang ferrari porsche mercedes corvette lovely loveme flower rainbow
purple orange banana chocolate cheese coffee butterfly angel heaven blessed jesus christ mother father family friends
login access security default guest test testing demo system server database oracle cisco microsoft google apple
samsung nokia summer2024 welcome2024 qwertyuiop asdfghjkl zxcvbnm abc abcdef abcdefgh abcd1234 qazwsx 1q2w3e4r
zaq12wsx 1qaz2wsx passpass adminadmin rootroot""".split()
suffixes = ["", "1", "12", "123", "1234", "12345", "123456", "!", "1!", "123!", "@123", "#1", "01", "007", "69", "99",
            "2020", "2021", "2022", "2023", "2024", "2025", "2026", "2027", "!!", "?", "1234!", "2024!", "2025!", "2026!"]
seen, out = set(), []
def add(p):
    if len(p) >= 8 and p.lower() not in seen:
        seen.add(p.lower()); out.append(p)

digits = "12345678901234567890"
for n in range(8, 21):
    add(digits[:n]); add(digits[:n][::-1]); add("0" + digits[:n - 1])
for ch in "abcdefghijklmnopqrstuvwxyz0123456789!":
    for n in range(8, 17):
        add(ch * n)
walks = ["qwertyuiop", "qwertyuiopasdfghjkl", "qwertyuiopasdfghjklzxcvbnm", "asdfghjkl", "zxcvbnm", "1qaz2wsx3edc",
         "1qaz2wsx3edc4rfv", "qazwsxedc", "qazwsxedcrfv", "1q2w3e4r5t6y", "1q2w3e4r5t", "zaq1xsw2cde3", "!qaz@wsx",
         "qweasdzxc", "qwerty123456", "asdf1234", "zxcv1234", "poiuytrewq", "mnbvcxz123"]
for w in walks:
    for s in ["", "1", "123", "!", "123456"]:
        add(w + s); add(w.capitalize() + s)
for root, suffix in itertools.product(roots, suffixes):
    add(root + suffix); add(root.capitalize() + suffix)
for root, year in itertools.product(roots, range(1950, 2031)):
    add(f"{root}{year}")
    if len(out) >= 10_000:
        break
out = out[:10_000]
assert len(out) == 10_000, len(out)
target = pathlib.Path(__file__).resolve().parents[2] / "src/RlmsRegistry.Infrastructure/Identity/Resources/common-passwords.txt"
target.write_text("\n".join(out) + "\n", encoding="utf-8")
print(f"{len(out)} passwords written to {target}")
