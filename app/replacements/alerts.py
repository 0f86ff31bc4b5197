"""Alerting the pool about a mission: tiers, waves, "dernier recours", the deadline.

A mission's reach gives its tiers: its network (people who worked there or
declared it as an employer), then the whole pool. Within a tier the people
available are alerted first, `wave_size` at a time (the establishment's
AlertPolicy), one wave every `wave_delay_minutes`; those who said "en dernier
recours" only in a wave that follows a delay with nobody taking the mission;
then the next tier. The waves stop as soon as someone applied or accepted
(an assignment waiting or held); they go on again if that person withdraws
(`restart`).

Each wave is a huey task that re-reads the mission under its lock and does
nothing when the mission is no longer open, has started, or has moved on
(`wave` counts the waves sent: a task carries the count it expects, so an
older chain of tasks stops by itself). Every alert is a MissionAlert row
(who, tier, wave, last resort, channels, token of the two-tap link), written
with the wave; its messages go through policy.notify (mail, push, SMS) in
tasks of CHUNK alerts queued after the commit, so a wave of hundreds is
queued at once and written by the consumers' workers side by side. At
`fill_by` the deadline task marks a mission nobody took "non pourvue" and
tells the establishment why people were not eligible, counted, never named.
"""
from datetime import timedelta

from flask import url_for
from sqlalchemy import func, or_, select

from app import tasks, timeutil
from app.audit.services import record
from app.auth.models import User
from app.extensions import db
from app.notifications.policy import notify
from app.referentials import CREDENTIALS
from app.replacements import eligibility
from app.replacements.lifecycle import ASSIGNMENT, MISSION
from app.replacements.models import (AlertPolicy, Assignment, Mission, MissionAlert,
                                     ReplacementProfile, new_feed_token)
from app.training.renewals import next_session_granting
from app.work import unit_of_work

# reach: the tiers, in order, as (tier number, network only).
TIERS = {"network": ((1, True),),
         "network_then_pool": ((1, True), (2, False)),
         "pool": ((1, False),)}
URGENT = timedelta(hours=12)  # an SMS may wake someone for a mission this close
CHUNK = 20  # alerts per message task: a wave is queued at once, its messages written apart


def phases(mission):
    """(tier, network_only, level) in the order people are alerted."""
    for tier, network_only in TIERS[mission.reach]:
        yield tier, network_only, "available"
        yield tier, network_only, "last_resort"


def policy_of(establishment_id):
    """The establishment's AlertPolicy, or the defaults when it set none."""
    return db.session.get(AlertPolicy, establishment_id) or AlertPolicy(
        establishment_id=establishment_id, reach="network_then_pool",
        wave_delay_minutes=20, wave_size=20, credential_rule="block")


def start(mission_id):
    """After the commit of a new mission: its first wave now, its deadline at fill_by."""
    mission = db.session.get(Mission, mission_id)
    if mission is None:
        return
    wave_task(mission_id, mission.wave, False)
    _schedule_deadline(mission)


def restart(mission_id):
    """After a withdrawal re-opened the mission: alert again, from where it stopped."""
    start(mission_id)


def _schedule_deadline(mission):
    now = timeutil.utcnow()
    eta = mission.fill_by if mission.fill_by > now else mission.starts_at
    deadline_task.schedule((mission.id,), eta=max(eta, now))


@tasks.task(retries=3, retry_delay=30)
def wave_task(mission_id, wave, delayed):
    """The task: send the mission's next wave (see send_wave)."""
    send_wave(mission_id, wave, delayed)


@tasks.task(retries=3, retry_delay=30)
def deadline_task(mission_id):
    """The task: a mission still open at its deadline is unfilled (see expire)."""
    expire(mission_id)


def send_wave(mission_id, wave, delayed):
    """Alert the next people of the mission; returns how many. `wave`: the count of
    waves the caller expects sent so far; `delayed`: a delay passed since the last."""
    with unit_of_work() as work:
        mission = work.lock(Mission, mission_id)
        if not _still_alerting(mission, wave):
            return 0
        policy = policy_of(mission.establishment_id)
        tier, last_resort, chosen = _next_people(mission, policy.wave_size, delayed)
        if chosen:
            alert_people(mission, chosen, tier, last_resort)
        if chosen or not delayed:  # a wave sent, or "dernier recours" waits for the delay
            eta = timeutil.utcnow() + timedelta(minutes=policy.wave_delay_minutes)
            work.after_commit(wave_task.schedule, (mission.id, mission.wave, True), eta=eta)
    return len(chosen)


def _still_alerting(mission, wave):
    """Open, not started, not moved on by another task, and nobody taking it yet."""
    if mission is None or not mission.is_open or mission.wave != wave:
        return False
    if mission.starts_at <= timeutil.utcnow():
        return False
    taking = select(Assignment.id).where(Assignment.mission_id == mission.id, or_(
        Assignment.holds, Assignment.status.in_(ASSIGNMENT.group("waiting"))))
    return not db.session.execute(select(taking.exists())).scalar()


def _next_people(mission, size, delayed):
    """The first phase that still has people not alerted: (tier, last resort, candidates)."""
    for tier, network_only, level in phases(mission):
        if level == "last_resort" and not delayed:
            continue
        chosen = eligibility.eligible(mission, network_only=network_only, levels=(level,),
                                         exclude_alerted=True, limit=size)
        if chosen:
            return tier, level == "last_resort", chosen
    return mission.tier, False, []


def alert_people(mission, candidates, tier, last_resort):
    """Record one alert per candidate (one wave); their messages are written by tasks
    of CHUNK people each, queued after the commit."""
    now = timeutil.utcnow()
    mission.tier, mission.wave = tier, mission.wave + 1
    rows = [MissionAlert(mission_id=mission.id, profile_id=candidate.profile_id, tier=tier,
                         wave=mission.wave, last_resort=last_resort, token=new_feed_token(),
                         sent_at=now) for candidate in candidates]
    db.session.add_all(rows)
    db.session.flush()
    ids = [row.id for row in rows]
    for start in range(0, len(ids), CHUNK):
        tasks.enqueue_after_commit(message_task, ids[start:start + CHUNK])
    record("mission_alerted", obj=mission, tier=tier, wave=mission.wave,
           last_resort=last_resort, people=len(ids))


@tasks.task(retries=3, retry_delay=30)
def message_task(alert_ids):
    """The task: the messages of some alerts of a wave (see send_messages)."""
    send_messages(alert_ids)


def send_messages(alert_ids):
    """Hand each alert's message to the policy (mail, push, SMS as the person chose), once:
    an alert whose channels are written was sent; none goes out for a mission taken since."""
    with unit_of_work() as work:
        waiting = work.lock_all(select(MissionAlert).where(
            MissionAlert.id.in_(alert_ids), MissionAlert.channels == "")
            .order_by(MissionAlert.id))
        for alert in waiting:
            mission = alert.mission
            if not mission.is_open:
                continue
            link = url_for("replacements.alert_open", token=alert.token, _external=True)
            sent = notify(alert.profile.user.email, "mission_alert", link=link, url=link,
                          urgent=mission.starts_at - timeutil.utcnow() <= URGENT,
                          mission=mission, last_resort=alert.last_resort)
            alert.channels = ",".join(row.channel for row in sent)[:40]


def tell_unanswered_cancelled(work, mission, reason, told=()):
    """The mission is being cancelled (inside its unit of work): the people alerted who
    had not answered, and who are not among `told` (profile ids), hear it after the commit."""
    addresses = db.session.scalars(
        select(User.email).join(ReplacementProfile, ReplacementProfile.user_id == User.id)
        .join(MissionAlert, MissionAlert.profile_id == ReplacementProfile.id)
        .where(MissionAlert.mission_id == mission.id, MissionAlert.answer.is_(None),
               MissionAlert.channels != "", ReplacementProfile.id.notin_(list(told)))
        .order_by(MissionAlert.id)).all()
    for email in addresses:
        work.after_commit(notify, email, "mission_cancelled_professional", mission=mission,
                          reason=reason)
    return addresses


def expire(mission_id):
    """At the deadline: an open mission is unfilled, and its establishment told why."""
    with unit_of_work() as work:
        mission = work.lock(Mission, mission_id)
        now = timeutil.utcnow()
        if mission is None or not mission.is_open or mission.fill_by > now:
            return False
        counts = eligibility.reasons(mission)
        reasons = sorted(((str(eligibility.REASONS.get(code, code)), count)
                          for code, count in counts.items() if count),
                         key=lambda pair: -pair[1])
        alerted = db.session.scalar(select(func.count(MissionAlert.id)).where(
            MissionAlert.mission_id == mission.id))
        lacking = _lacking(mission) if counts.get("credential") else []
        MISSION.apply(mission, "expire")
        mission.closed_at = now
        record("mission_unfilled", obj=mission, alerted=alerted)
        for email in _addresses_to_tell(mission):
            notify(email, "mission_unfilled", mission=mission, reasons=reasons, alerted=alerted,
                   lacking=lacking)
    return True


def _lacking(mission):
    """[(credential label, how many would qualify with it, next session granting it or
    None)] for the mail of a mission left unfilled."""
    return [(str(CREDENTIALS[code]), count, next_session_granting(code))
            for code, count in eligibility.would_qualify(mission).items()]


def _addresses_to_tell(mission):
    """The member who posted the mission, or every active user of its establishment."""
    author = mission.author
    if author is not None and author.is_active and \
            author.establishment_id == mission.establishment_id:
        return [author.email]
    return db.session.scalars(select(User.email).where(
        User.establishment_id == mission.establishment_id, User.is_active)).all()


# --- the two-tap link --------------------------------------------------------

def find(token):
    """The alert of a link's token, or None."""
    if not token or len(token) > 40:
        return None
    return db.session.scalar(select(MissionAlert).where(MissionAlert.token == token))


def mark_opened(token):
    """The link was opened: the first time is kept."""
    with unit_of_work() as work:
        alert = work.lock_one(select(MissionAlert).where(MissionAlert.token == token))
        if alert is not None and alert.opened_at is None:
            alert.opened_at = timeutil.utcnow()
    return alert


def answer(token, reply):
    """Record the person's answer ("accepted", "applied", "declined"): the first stays."""
    with unit_of_work() as work:
        alert = work.lock_one(select(MissionAlert).where(MissionAlert.token == token))
        if alert is not None and alert.answered_at is None:
            alert.answer, alert.answered_at = reply, timeutil.utcnow()
            alert.opened_at = alert.opened_at or alert.answered_at
    return alert


def proposed(profile_id):
    """The query of the alerts a professional received, newest first ("Missions proposées")."""
    return (select(MissionAlert).join(Mission).where(MissionAlert.profile_id == profile_id)
            .order_by(Mission.is_open.desc(), MissionAlert.sent_at.desc(), MissionAlert.id.desc()))
