@server
Feature: The server on an assigned port takes Assigned, and Quit frees the port
  "Der Server startet den, dem Client übermittelten, Port damit der Client darauf connecten kann.
  Als erste Nachricht sendet der Client nach dem Verbinden mit dem zugewiesenen Port
  Assigned: (PORT). Disconnectet der Client via Quit, wird der zugehörige Server ebenfalls geschlossen."

  Background:
    Given the server under test is listening on its default port

  @A1 @must @fresh
  Scenario: The server accepts Assigned as the first message on the assigned port
    Given client A holds port 10002
    When client B asks for a port
    Then client B is offered port 10003
    And the server keeps the connection of client A open

  @A2 @must @fresh
  Scenario: Quit on the assigned port frees the port for the next client (within the time bound)
    Given client A holds port 10002
    When client A sends "Quit"
    Then the server closes the assigned connection of client A
    And the server stops listening on the port of client A
    When client B asks for a port
    Then client B is offered port 10002

  @A2 @must @fresh
  Scenario: A client that says Quit and closes gracefully, as real clients do, frees the port
    Given client A answers the server closing with a close of its own
    And client A holds port 10002
    When client A sends "Quit"
    Then the server closes the assigned connection of client A
    When client B asks for a port
    Then client B is offered port 10002

  @A3 @should @fresh
  Scenario: A client that closes the connection without Quit frees the port as well
    Given client A holds port 10002
    When client A closes the connection without Quit
    Then the server stops listening on the port of client A
    When client B asks for a port
    Then client B is offered port 10002

  @A5 @info @fresh
  Scenario: A port offered to a client that never connects (observed, never a failure)
    When a client asks for a port
    Then the harness observes whether the port of the client returns to the pool

  @A2 @S5 @must @fresh
  Scenario: A client that closes its side late after Quit does not free the port of the next client
    Given client A holds port 10002
    And client A leaves the server's close unanswered until it closes its side itself
    When client A sends "Quit"
    Then the server closes the assigned connection of client A
    When client B holds a port
    And client A closes its side of the connection at last
    And client C asks for a port
    And client D asks for a port
    Then client C is not offered the port of client B
    And client D is not offered the port of client B
