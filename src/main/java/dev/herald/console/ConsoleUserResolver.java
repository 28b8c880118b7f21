package dev.herald.console;

import dev.herald.auth.Users;
import org.springframework.core.MethodParameter;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Supplies the signed-in {@link ConsoleUser}, looked up on every request so that a user removed from the
 * account loses the console at once.
 */
class ConsoleUserResolver implements HandlerMethodArgumentResolver {

    private final Users users;

    ConsoleUserResolver(Users users) {
        this.users = users;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == ConsoleUser.class;
    }

    @Override
    public ConsoleUser resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
                                       WebDataBinderFactory binderFactory) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()) {
            throw new AuthenticationCredentialsNotFoundException("Nobody is signed in");
        }
        return users.find(authentication.getName())
                .map(user -> new ConsoleUser(user.account(), user.username(), user.role()))
                .orElseThrow(() -> new AuthenticationCredentialsNotFoundException("The user no longer exists"));
    }
}
