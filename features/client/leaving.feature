@client
Feature: The session on the assigned port ends with Quit
  "Quit: Der Client/Server teilt dem Server, dass er die Verbindung trennt. Disconnectet der Client
  via Quit, wird der zugehörige Server ebenfalls geschlossen."

  Background:
    Given the harness listens as the server on port 10001
    And the client under test is started
    And the client under test holds port 10002

  @C5 @must
  Scenario: The client says Quit on the assigned port when its user leaves
    When the user of the client under test asks to leave
    Then the client under test sends "Quit" on port 10002
    And the client under test closes its connection to port 10002

  @C6 @must
  Scenario: The client closes the connection when the server says Quit
    When the server sends "Quit" on port 10002
    Then the client under test closes its connection to port 10002
