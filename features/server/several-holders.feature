@server
Feature: Several clients hold ports at once, leave in any order, and the freed ports come back
  "Disconnectet der Client via Quit, wird der zugehörige Server ebenfalls geschlossen." A server
  keeps track of every port it handed out. Counters, lists and flags that work for one client at a
  time break when clients leave in another order than they came, when a port is freed below one that
  is still held, or when a full pool is freed again: these scenarios walk those states. (Longer
  sequences are what `mpp-conformance explore` generates.)

  @A2 @A3 @S2 @S5 @must @fresh
  Scenario Outline: Two holders, one leaves: its port is the next answer, the other's is not: <case>
    Given the server under test is listening on its default port with a pool of 4 ports
    And client A holds port 10002
    And client B holds port 10003
    When client <first> leaves <how>
    Then client C holds port <freed>
    And client D holds port 10004
    When client <second> leaves <how>
    Then client E holds port <freed last>

    Examples:
      | case                  | first | how          | freed | second | freed last |
      | A first, with Quit    | A     | with Quit    | 10002 | B      | 10003      |
      | B first, with Quit    | B     | with Quit    | 10003 | A      | 10002      |
      | A first, without Quit | A     | without Quit | 10002 | B      | 10003      |
      | B first, without Quit | B     | without Quit | 10003 | A      | 10002      |

  @A2 @A3 @S2 @S5 @must @fresh
  Scenario Outline: Three holders leave, and the pool is handed out from its first port again: <case>
    Given the server under test is listening on its default port with a pool of 4 ports
    And client A holds port 10002
    And client B holds port 10003
    And client C holds port 10004
    When client <first> leaves <how>
    And client <second> leaves <how>
    And client <third> leaves <how>
    Then client D holds port 10002
    And client E holds port 10003

    Examples:
      | case                 | first | second | third | how          |
      | A B C, with Quit     | A     | B      | C     | with Quit    |
      | A C B, with Quit     | A     | C      | B     | with Quit    |
      | B A C, with Quit     | B     | A      | C     | with Quit    |
      | B C A, with Quit     | B     | C      | A     | with Quit    |
      | C A B, with Quit     | C     | A      | B     | with Quit    |
      | C B A, with Quit     | C     | B      | A     | with Quit    |
      | A B C, without Quit  | A     | B      | C     | without Quit |
      | A C B, without Quit  | A     | C      | B     | without Quit |
      | B A C, without Quit  | B     | A      | C     | without Quit |
      | B C A, without Quit  | B     | C      | A     | without Quit |
      | C A B, without Quit  | C     | A      | B     | without Quit |
      | C B A, without Quit  | C     | B      | A     | without Quit |

  @S6 @A2 @A3 @S2 @must @fresh
  Scenario Outline: A full pool, freed by one client: its port is offered, then NoPorts again: <case>
    Given the server under test is listening on its default port with a pool of 3 ports
    And client A holds port 10002
    And client B holds port 10003
    And client C holds port 10004
    When client D asks for a port
    Then client D is answered NoPorts
    When client <leaver> leaves <how>
    Then client E holds port <freed>
    When client F asks for a port
    Then client F is answered NoPorts

    Examples:
      | case            | leaver | how          | freed |
      | A, with Quit    | A      | with Quit    | 10002 |
      | B, with Quit    | B      | with Quit    | 10003 |
      | C, with Quit    | C      | with Quit    | 10004 |
      | B, without Quit | B      | without Quit | 10003 |
