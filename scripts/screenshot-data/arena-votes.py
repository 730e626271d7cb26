#!/usr/bin/env python3
"""Adds blind-arena votes to a chat database for the leaderboard screenshots.

Usage: arena-votes.py CHATS.sqlite3  (the database must exist: the app or
`hearth-cli chats import` creates it). Deterministic: the same votes every run.
"""
import random
import sqlite3
import sys

# Hidden strengths on the Elo scale; the votes are drawn from them.
MODELS = {
    "Qwen3-8B Q4_K_M": 1110,
    "gemma-3-12b-it Q4_K_M": 1080,
    "Llama-3.1-8B-Instruct Q4_K_M": 1000,
    "gpt-oss-20b MXFP4": 1060,
    "Phi-4-mini-instruct Q4_K_M": 930,
    "Mistral-7B-Instruct-v0.3 Q4_K_M": 900,
}

def main(path):
    rng = random.Random(11)
    db = sqlite3.connect(path)
    names = list(MODELS)
    for _ in range(240):
        a, b = rng.sample(names, 2)
        p_a = 1 / (1 + 10 ** ((MODELS[b] - MODELS[a]) / 400))
        draw = rng.random()
        cur = db.execute("INSERT INTO compare_sessions (prompt, system_prompt, created_ms, blind) "
                         "VALUES ('(screenshot)', '', 0, 1)")
        session = cur.lastrowid
        ids = [db.execute("INSERT INTO compare_answers (session_id, model) VALUES (?, ?)",
                          (session, m)).lastrowid for m in (a, b)]
        winner = None if draw < 0.12 else ids[0] if draw < 0.12 + 0.88 * p_a else ids[1]
        db.execute("INSERT INTO compare_votes (session_id, winner_answer_id, created_ms) VALUES (?, ?, 0)",
                   (session, winner))
    db.commit()

if __name__ == "__main__":
    main(sys.argv[1])
