@server
Feature: Every message is one line of ASCII text
  The sheet lists five messages: GetPort, FreePort:(PORT), NoPorts, Assigned: (PORT), Quit.
  (PORT) is a placeholder for the port number; every message ends with a line end.

  Background:
    Given the server under test is listening on its default port

  @W1 @W3 @W5 @must
  Scenario: The server's answer is FreePort and Quit, each on a line of its own
    When a client connects to port 10001
    And the client sends "GetPort"
    Then the client receives a FreePort message
    And the client receives "Quit"
    And the server closes the connection of the client

  @W2 @must @fresh
  Scenario: The server accepts CR LF line ends from its clients
    When client A connects to port 10001
    And client A sends "GetPort" with CR LF
    And client A receives "FreePort:10002"
    And client A connects to its offered port
    And client A sends "Assigned: 10002" with CR LF
    And client B asks for a port
    Then the server keeps the connection of client A open
    When client A sends "Quit" with CR LF
    Then the server closes the assigned connection of client A

  @W4 @should
  Scenario: The server spells its messages as the sheet does
    When a client asks for a port
    Then the server spelled every message as the sheet does
