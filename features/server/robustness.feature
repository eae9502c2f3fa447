@server
Feature: Wrong input neither crashes the server nor disturbs other clients
  The sheet does not say what a server does with a wrong message. A careful server ignores it or
  closes that one connection, and goes on serving everybody else.

  Background:
    Given the server under test is listening on its default port

  @A4 @should @fresh
  Scenario Outline: A wrong first message on the assigned port: <case>
    Given client A asks for a port
    When client A connects to its offered port
    And client A sends <payload> instead of Assigned
    And client B asks for a port
    Then client B is offered a port
    And the server is still running

    Examples:
      | case                          | payload                  |
      | unknown text                  | "Hello"                  |
      | Assigned with another port    | "Assigned: 10007"        |
      | an over-long line             | an over-long line        |
      | bytes that are not text       | bytes that are not text  |

  @A4 @should
  Scenario Outline: A wrong message on the default port: <case>
    When client A connects to port 10001
    And client A sends <payload> instead of GetPort
    And client B asks for a port
    Then client B is offered a port
    And the server is still running

    Examples:
      | case                          | payload                  |
      | unknown text                  | "Hello"                  |
      | an over-long line             | an over-long line        |
      | bytes that are not text       | bytes that are not text  |

  @A4 @should @fresh
  Scenario: A second connection to a held port does not take the port over (refusing it is fine)
    Given client A holds port 10002
    And client C asks for a port
    And the server has taken the Assigned of client A
    When client B connects to port 10002 as well and sends "Assigned: 10002"
    And client D asks for a port
    Then the server keeps the connection of client A open
    When client A sends "Quit"
    Then the server closes the assigned connection of client A
