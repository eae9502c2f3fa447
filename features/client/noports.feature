@client
Feature: On NoPorts the client ends cleanly
  "Falls kein freier Port existiert, wird NoPorts an den Client gesendet. Anschliessend wird die
  Verbindung getrennt Quit."

  Background:
    Given the harness listens as the server on port 10001
    And the client under test is started

  @C4 @must
  Scenario: On NoPorts the client connects nowhere else and ends without a crash (any exit status)
    Given the harness listens on every port of the pool
    When the client under test connects to port 10001
    And the server answers "NoPorts" and "Quit" and closes the connection
    Then the client under test closes its connection to port 10001
    And the client under test ends without a crash
    And the client under test connected to no port of the pool
