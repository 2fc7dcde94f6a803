// The five components of one service, which call each other directly (not through events):
//
//   WaitlistFront     signups arrive, wait in the WaitingRoom, give up or leave     (Signup, Abandon)
//   AdmissionDriver   the policy decides who leaves the waitlist, and when         (Round, CapacityChange, Invite)
//   AdmittedUsers     the admitted users, their slots and their churn              (Churn)
//   SessionGenerator  when an idle admitted user starts a session                   (SessionStart)
//   TurnGenerator     the turns of a session, within the caps, as requests          (Turn)
//
// Each handles the events it scheduled itself; Service (service.hpp) builds and wires them.
#pragma once

namespace capsim::models {

class WaitlistFront;
class AdmissionDriver;
class AdmittedUsers;
class SessionGenerator;
class TurnGenerator;
class ServiceStats;
class Population;

struct ServiceParts {
  WaitlistFront* front = nullptr;
  AdmissionDriver* admission = nullptr;
  AdmittedUsers* users = nullptr;
  SessionGenerator* sessions = nullptr;
  TurnGenerator* turns = nullptr;
  ServiceStats* stats = nullptr;
  Population* population = nullptr;  // the shared population, if the scenario has one
};

}  // namespace capsim::models
