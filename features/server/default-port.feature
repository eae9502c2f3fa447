@server
Feature: The server on the default port hands out the smallest free port
  "Sobald der Client sich mit dem Server auf dem Standardport 10001 verbindet, überprüft der Server,
  welcher Port verfügbar ist und teilt dem Client die kleinste verfügbare Portnummer via
  FreePort:(PORT) mit. Danach wird die Verbindung serverseitig getrennt mit Quit."

  Ports are written as on the sheet: 10001 is the default port, 10002-10011 the pool. A run that
  gives the server other ports maps them: 10002 is always the first port of the pool.

  Background:
    Given the server under test is listening on its default port

  @S1 @S2 @must @fresh
  Scenario: A client that sends GetPort gets the smallest free port
    When a client connects to port 10001
    And the client sends "GetPort"
    Then the client receives "FreePort:10002"

  @S3 @info @fresh
  Scenario: Whether the server answers as soon as a client connects, before any GetPort (observed)
    When a client connects to port 10001
    Then the harness observes whether the client is answered "FreePort:10002" without asking

  @S3 @should @fresh
  Scenario: The server reads GetPort before it closes, so that no reset can destroy its answer
    Given client A answers the server closing with a close of its own
    When client A asks for a port
    Then the server closed the connection of client A without a reset

  @S4 @must
  Scenario: After FreePort the server says Quit and closes the connection
    When a client connects to port 10001
    And the client sends "GetPort"
    Then the client receives a FreePort message
    And the client receives "Quit"
    And the server closes the connection of the client

  @S5 @must @fresh
  Scenario: A port that another program listens on is skipped (the sheet's 10003 example)
    Given another program listens on port 10002
    When a client asks for a port
    Then the client is offered port 10003

  @S5 @must @fresh
  Scenario: A port that a connected client holds is not offered again
    Given client A holds port 10002
    When client B asks for a port
    Then client B is offered port 10003

  @S6 @S4 @must @fresh
  Scenario: When clients hold every port, the server answers NoPorts, says Quit and closes
    Given clients hold every port of the pool
    When a client connects to port 10001
    And the client sends "GetPort"
    Then the client receives "NoPorts"
    And the client receives "Quit"
    And the server closes the connection of the client

  @S6 @S5 @must @fresh
  Scenario: When other programs listen on every port of the pool, the server answers NoPorts
    Given a client has taken a port and given it back
    And other programs listen on every port of the pool
    When a client connects to port 10001
    And the client sends "GetPort"
    Then the client receives "NoPorts"
    And the client receives "Quit"
    And the server closes the connection of the client

  @S7 @must @fresh
  Scenario: The offered port accepts the client as soon as FreePort has arrived
    When a client connects to port 10001
    And the client sends "GetPort"
    And the client receives "FreePort:10002"
    Then the client connects to its offered port

  @S8 @must
  Scenario: The default port serves the next client after the first
    When client A asks for a port
    And client B asks for a port
    Then client B is offered a port

  @S8 @must
  Scenario: The default port serves the next client while another holds its assigned port
    Given client A holds a port
    When client B asks for a port
    Then client B is offered a port

  @S8 @must
  Scenario: The default port serves the next client after one that closed gracefully
    Given client A answers the server closing with a close of its own
    When client A asks for a port
    And client B asks for a port
    Then client B is offered a port

  @S8 @A2 @must @fresh
  Scenario: The server serves many clients one after the other
    When 12 clients one after the other take port 10002 and quit

  @S9 @must @fresh
  Scenario: Clients that connect at nearly the same time get different ports
    The harness makes the race happen: the clients connect first, then all send GetPort at the same
    moment; the race is run up to 10 times (each time the ports are given back) until two clients
    get the same port.

    When 3 clients ask for a port at the same time
    Then the clients were offered 3 different ports
