#include "services/store/compare_store.h"

#include "hearth/error.h"
#include "services/store/rows.h"

#include <algorithm>

namespace hearth::store {
namespace {

[[noreturn]] void noSuchSession(qint64 id)
{
    throw Error("There is no comparison with id " + std::to_string(id) + " (it may have been deleted).");
}

CompareAnswer readAnswer(const Statement& row)
{
    CompareAnswer answer;
    answer.id = row.int64(0);
    answer.sessionId = row.int64(1);
    answer.model = row.text(2);
    answer.content = row.text(3);
    answer.reasoning = row.text(4);
    answer.stats = readStats(row, 5);
    answer.finishReason = finishReasonFromName(row.text(10)).value_or(FinishReason::None);
    return answer;
}

CompareSession readSession(const Statement& row)
{
    CompareSession session;
    session.id = row.int64(0);
    session.prompt = row.text(1);
    session.systemPrompt = row.text(2);
    session.createdMs = row.int64(3);
    session.blind = row.int64(4) != 0;
    return session;
}

} // namespace

qint64 CompareStore::createSession(const QString& prompt, const QString& systemPrompt, bool blind)
{
    db_.prepare("INSERT INTO compare_sessions (prompt, system_prompt, created_ms, blind) VALUES (?, ?, ?, ?)")
        .bind(1, prompt).bind(2, systemPrompt).bind(3, nowMs()).bind(4, blind).run();
    return db_.lastInsertId();
}

qint64 CompareStore::addAnswer(qint64 sessionId, const CompareAnswer& answer)
{
    Transaction transaction(db_);
    requireSession(sessionId);
    Statement insert = db_.prepare(
        "INSERT INTO compare_answers (session_id, model, content, reasoning, prompt_tokens, generated_tokens, "
        "ttft_ms, prefill_tps, decode_tps, finish_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, sessionId).bind(2, answer.model).bind(3, answer.content).bind(4, answer.reasoning);
    insert.bind(5, answer.stats.promptTokens).bind(6, answer.stats.generatedTokens);
    insert.bind(7, answer.stats.timeToFirstTokenMs).bind(8, answer.stats.prefillTokensPerSecond);
    insert.bind(9, answer.stats.decodeTokensPerSecond).bind(10, finishReasonName(answer.finishReason)).run();
    const qint64 id = db_.lastInsertId();
    transaction.commit();
    return id;
}

void CompareStore::updateAnswer(const CompareAnswer& answer)
{
    Statement update = db_.prepare(
        "UPDATE compare_answers SET content = ?, reasoning = ?, prompt_tokens = ?, generated_tokens = ?, "
        "ttft_ms = ?, prefill_tps = ?, decode_tps = ?, finish_reason = ? WHERE id = ?");
    update.bind(1, answer.content).bind(2, answer.reasoning).bind(3, answer.stats.promptTokens);
    update.bind(4, answer.stats.generatedTokens).bind(5, answer.stats.timeToFirstTokenMs);
    update.bind(6, answer.stats.prefillTokensPerSecond).bind(7, answer.stats.decodeTokensPerSecond);
    update.bind(8, finishReasonName(answer.finishReason)).bind(9, answer.id).run();
    if (db_.changes() == 0)
        throw Error("There is no compared answer with id " + std::to_string(answer.id) + ".");
}

std::optional<CompareSession> CompareStore::session(qint64 id)
{
    Statement query = db_.prepare("SELECT id, prompt, system_prompt, created_ms, blind FROM compare_sessions WHERE id = ?");
    if (!query.bind(1, id).step())
        return std::nullopt;
    CompareSession session = readSession(query);

    Statement answers = db_.prepare(
        "SELECT id, session_id, model, content, reasoning, prompt_tokens, generated_tokens, ttft_ms, prefill_tps, "
        "decode_tps, finish_reason FROM compare_answers WHERE session_id = ? ORDER BY id");
    answers.bind(1, id);
    while (answers.step())
        session.answers.push_back(readAnswer(answers));

    Statement votes = db_.prepare(
        "SELECT id, session_id, winner_answer_id, created_ms FROM compare_votes WHERE session_id = ? ORDER BY id");
    votes.bind(1, id);
    while (votes.step())
        session.votes.push_back({votes.int64(0), votes.int64(1), votes.int64(2), votes.int64(3)});
    return session;
}

std::vector<CompareSession> CompareStore::listSessions(int limit, int offset)
{
    Statement query = db_.prepare("SELECT id, prompt, system_prompt, created_ms, blind FROM compare_sessions "
                                  "ORDER BY created_ms DESC, id DESC LIMIT ? OFFSET ?");
    query.bind(1, std::max(0, limit)).bind(2, std::max(0, offset));
    std::vector<CompareSession> sessions;
    while (query.step())
        sessions.push_back(readSession(query));
    return sessions;
}

void CompareStore::deleteSession(qint64 id)
{
    db_.prepare("DELETE FROM compare_sessions WHERE id = ?").bind(1, id).run();
    if (db_.changes() == 0)
        noSuchSession(id);
}

qint64 CompareStore::voteFor(qint64 sessionId, qint64 answerId)
{
    Transaction transaction(db_);
    requireSession(sessionId);
    Statement owner = db_.prepare("SELECT session_id FROM compare_answers WHERE id = ?");
    if (!owner.bind(1, answerId).step() || owner.int64(0) != sessionId)
        throw Error("Answer " + std::to_string(answerId) + " is not part of comparison " + std::to_string(sessionId) + ".");
    owner.reset();
    db_.prepare("INSERT INTO compare_votes (session_id, winner_answer_id, created_ms) VALUES (?, ?, ?)")
        .bind(1, sessionId).bind(2, answerId).bind(3, nowMs()).run();
    const qint64 id = db_.lastInsertId();
    transaction.commit();
    return id;
}

qint64 CompareStore::voteTie(qint64 sessionId)
{
    Transaction transaction(db_);
    requireSession(sessionId);
    db_.prepare("INSERT INTO compare_votes (session_id, winner_answer_id, created_ms) VALUES (?, NULL, ?)")
        .bind(1, sessionId).bind(2, nowMs()).run();
    const qint64 id = db_.lastInsertId();
    transaction.commit();
    return id;
}

std::vector<ModelTally> CompareStore::tally()
{
    // Per model: the voted sessions it answered in, the votes it won, and
    // the ties in sessions it answered in.
    Statement query = db_.prepare(
        "SELECT a.model,"
        "  count(DISTINCT CASE WHEN EXISTS (SELECT 1 FROM compare_votes v WHERE v.session_id = a.session_id)"
        "                      THEN a.session_id END),"
        "  (SELECT count(*) FROM compare_votes v JOIN compare_answers w ON w.id = v.winner_answer_id"
        "   WHERE w.model = a.model),"
        "  (SELECT count(*) FROM compare_votes v WHERE v.winner_answer_id IS NULL AND v.session_id IN"
        "     (SELECT session_id FROM compare_answers x WHERE x.model = a.model))"
        " FROM compare_answers a GROUP BY a.model ORDER BY 3 DESC, 1");
    std::vector<ModelTally> result;
    while (query.step())
        result.push_back({query.text(0), int(query.int64(1)), int(query.int64(2)), int(query.int64(3))});
    return result;
}

void CompareStore::requireSession(qint64 id)
{
    Statement query = db_.prepare("SELECT 1 FROM compare_sessions WHERE id = ?");
    if (!query.bind(1, id).step())
        noSuchSession(id);
}

} // namespace hearth::store
