@server
Feature: Several clients hold ports at once, leave in any order, and the freed ports come back
  "Disconnectet der Client via Quit, wird der zugehörige Server ebenfalls geschlossen." A server
  keeps track of every port it handed out. Counters, lists and flags that work for one client at a
  time break when clients leave in another order than they came, when a port is freed below or
  between ports that are still held, or when a full pool is freed again: these scenarios walk those
  states, each in one run of the server, with the pool the server was given (longer and random
  sequences, with small pools, are what `mpp-conformance explore` generates).

  @holders @A2 @A3 @S5 @must @fresh
  Scenario Outline: Two holders leave in either order: a freed port is the next answer, a held one never is: <case>
    Given the server under test is listening on its default port
    And client A holds port 10002
    And client B holds port 10003
    # The first to come leaves first: its port, below a held one, is the next answer.
    When client A leaves <how>
    Then client C holds port 10002
    And client D holds port 10004
    # A port freed between two held ones.
    When client B leaves <how>
    Then client E holds port 10003
    # The last to come leaves first.
    When client D leaves <how>
    And client E leaves <how>
    Then client F holds port 10003
    And client G holds port 10004

    Examples:
      | case         | how          |
      | with Quit    | with Quit    |
      | without Quit | without Quit |

  @holders @A2 @A3 @S5 @must @fresh
  Scenario Outline: Three holders leave in each of the six orders, and the pool is handed out from its first port again: <case>
    Given the server under test is listening on its default port
    And client A holds port 10002
    And client B holds port 10003
    And client C holds port 10004
    When client A leaves <how>
    And client B leaves <how>
    And client C leaves <how>
    Then client A holds port 10002
    And client B holds port 10003
    And client C holds port 10004
    When client A leaves <how>
    And client C leaves <how>
    And client B leaves <how>
    Then client A holds port 10002
    And client B holds port 10003
    And client C holds port 10004
    When client B leaves <how>
    And client A leaves <how>
    And client C leaves <how>
    Then client A holds port 10002
    And client B holds port 10003
    And client C holds port 10004
    When client B leaves <how>
    And client C leaves <how>
    And client A leaves <how>
    Then client A holds port 10002
    And client B holds port 10003
    And client C holds port 10004
    When client C leaves <how>
    And client A leaves <how>
    And client B leaves <how>
    Then client A holds port 10002
    And client B holds port 10003
    And client C holds port 10004
    When client C leaves <how>
    And client B leaves <how>
    And client A leaves <how>
    Then client A holds port 10002
    And client B holds port 10003
    And client C holds port 10004

    Examples:
      | case         | how          |
      | with Quit    | with Quit    |
      | without Quit | without Quit |

  @holders @S6 @A2 @A3 @must @fresh
  Scenario Outline: A full pool, freed by one client after the other: its port is offered, then NoPorts again: <case>
    Given the server under test is listening on its default port
    And clients hold every port of the pool
    When client D asks for a port
    Then client D is answered NoPorts
    When client 1 leaves <how>
    Then client E holds port 10002
    When client F asks for a port
    Then client F is answered NoPorts
    When client 2 leaves <how>
    Then client G holds port 10003
    When client H asks for a port
    Then client H is answered NoPorts

    Examples:
      | case         | how          |
      | with Quit    | with Quit    |
      | without Quit | without Quit |
