@client
Feature: The client asks for a port and moves to it
  "Der vorherige Client verbindet sich dann auf ebendiesem Port. Als erste Nachricht sendet der
  Client nach dem Verbinden mit dem zugewiesenen Port Assigned: (PORT)."

  Here the harness plays the server and the client under test is started for each scenario. Ports
  are written as on the sheet; a run maps them to its own.

  Background:
    Given the harness listens as the server on port 10001
    And the client under test is started

  @C1 @must
  Scenario: The client connects to the default port
    Then the client under test connects to port 10001

  @C2 @should
  Scenario: The client asks for a port with GetPort
    When the client under test connects to port 10001
    Then the client under test sends "GetPort"

  @C3 @must
  Scenario: On FreePort the client moves to the offered port and says Assigned first
    Given the harness listens on port 10002
    When the client under test connects to port 10001
    And the server answers "FreePort:10002" and "Quit" and closes the connection
    Then the client under test closes its connection to port 10001
    And the client under test connects to port 10002
    And the client under test sends "Assigned: 10002" on port 10002

  @C3 @must
  Scenario: The client goes to the port it is offered, not to a fixed one
    Given the harness listens on port 10006
    When the client under test connects to port 10001
    And the server answers "FreePort:10006" and "Quit" and closes the connection
    Then the client under test connects to port 10006
    And the client under test sends "Assigned: 10006" on port 10006

  @C7 @W2 @must
  Scenario: The client accepts CR LF line ends from the server
    Given the harness listens on port 10002
    When the client under test connects to port 10001
    And the server answers "FreePort:10002" and "Quit" with CR LF and closes the connection
    Then the client under test connects to port 10002
    And the client under test sends "Assigned: 10002" on port 10002
    When the server sends "Quit" on port 10002 with CR LF
    Then the client under test closes its connection to port 10002

  @W1 @W3 @W5 @must
  Scenario: The client's messages are protocol messages, each on a line of its own
    Given the client under test holds port 10002
    When the user of the client under test asks to leave
    Then the client under test sends "Quit" on port 10002

  @W4 @should
  Scenario: The client spells its messages as the sheet does
    Given the client under test holds port 10002
    Then the client under test spelled every message as the sheet does
