resource "azurerm_role_definition" "operator" {
  name  = "platform-operator"
  scope = "/subscriptions/00000000-0000-0000-0000-000000000000"

  permissions {
    actions     = ["*"] # fail: role
    not_actions = ["Microsoft.Authorization/*/Delete"]
  }

  assignable_scopes = ["/subscriptions/00000000-0000-0000-0000-000000000000"]
}

resource "azurerm_role_definition" "data_reader" {
  name  = "data-everything"
  scope = "/subscriptions/00000000-0000-0000-0000-000000000000"

  permissions {
    actions      = ["Microsoft.Storage/storageAccounts/read"]
    data_actions = ["*"] # fail: role
  }

  assignable_scopes = ["/subscriptions/00000000-0000-0000-0000-000000000000"]
}
